// Saved segments (Segment model). Every write validates the definition; reads re-validate stored JSON.
import { inTransaction, type Db } from "~/db.server";
import { isPillarId, type PillarId } from "~/segments/rules/pillars";
import { assertSegment, type SegmentRule } from "~/segments/rules";

export interface SavedSegment {
  id: string;
  shop: string;
  name: string;
  pillar: PillarId | null;
  definition: SegmentRule;
  createdAt: Date;
  updatedAt: Date;
}

export class SegmentNameTakenError extends Error {
  constructor(readonly segmentName: string) {
    super(`a segment named "${segmentName}" already exists`);
    this.name = "SegmentNameTakenError";
  }
}

export interface SegmentUser {
  id: string;
  name: string;
  status: string;
}

/** An active or paused campaign sends to the segment: deleting it would stop the campaign silently. */
export class SegmentInUseError extends Error {
  constructor(readonly campaigns: SegmentUser[]) {
    super(`the segment is used by ${campaigns.map((c) => `campaign "${c.name}" (${c.status})`).join(", ")}`);
    this.name = "SegmentInUseError";
  }
}

interface Row {
  id: string;
  shop: string;
  name: string;
  pillar: string | null;
  definition: unknown;
  createdAt: Date;
  updatedAt: Date;
}

function toSaved(row: Row): SavedSegment {
  return { ...row, pillar: isPillarId(row.pillar) ? row.pillar : null, definition: assertSegment(row.definition) };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new Error("a segment name must have 1 to 200 characters");
  return trimmed;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function nameGuard<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new SegmentNameTakenError(name);
    throw error;
  }
}

/** Throws SegmentValidationError (invalid definition) or SegmentNameTakenError. */
export async function createSegment(
  db: Db,
  shop: string,
  input: { name: string; pillar?: PillarId | null; definition: unknown },
): Promise<SavedSegment> {
  const definition = assertSegment(input.definition);
  const name = checkName(input.name);
  const row = await nameGuard(name, () =>
    db.prisma.segment.create({ data: { shop, name, pillar: input.pillar ?? null, definition: definition as object } }),
  );
  return toSaved(row);
}

export async function updateSegment(
  db: Db,
  shop: string,
  id: string,
  input: { name?: string; pillar?: PillarId | null; definition?: unknown },
): Promise<SavedSegment | null> {
  const definition = input.definition === undefined ? undefined : assertSegment(input.definition);
  const name = input.name === undefined ? undefined : checkName(input.name);
  const existing = await db.prisma.segment.findFirst({ where: { id, shop } });
  if (!existing) return null;
  const row = await nameGuard(name ?? existing.name, () =>
    db.prisma.segment.update({
      where: { shop_id: { shop, id } },
      data: {
        ...(name !== undefined ? { name } : {}),
        ...(input.pillar !== undefined ? { pillar: input.pillar } : {}),
        ...(definition ? { definition: definition as object } : {}),
      },
    }),
  );
  return toSaved(row);
}

export async function getSegment(db: Db, shop: string, id: string): Promise<SavedSegment | null> {
  const row = await db.prisma.segment.findFirst({ where: { id, shop } });
  return row ? toSaved(row) : null;
}

export async function listSegments(db: Db, shop: string): Promise<SavedSegment[]> {
  const rows = await db.prisma.segment.findMany({ where: { shop }, orderBy: { name: "asc" } });
  return rows.map(toSaved);
}

/**
 * Deletes the shop's segment; false when there is none. Throws SegmentInUseError while an active
 * or paused campaign uses it (drafts are checked when saved or activated). The segment row is
 * locked first, so two deletes do not both pass the check (docs/decisions/0122).
 */
export async function deleteSegment(db: Db, shop: string, id: string): Promise<boolean> {
  return inTransaction(db.pool, async (client) => {
    const found = await client.query(`SELECT 1 FROM "Segment" WHERE id = $1 AND shop = $2 FOR UPDATE`, [id, shop]);
    if (found.rowCount === 0) return false;
    const users = await client.query<SegmentUser>(
      `SELECT id, name, status FROM "Campaign" WHERE shop = $1 AND "segmentId" = $2 AND status IN ('active', 'paused') ORDER BY name, id`,
      [shop, id],
    );
    if (users.rows.length > 0) throw new SegmentInUseError(users.rows);
    await client.query(`DELETE FROM "Segment" WHERE id = $1 AND shop = $2`, [id, shop]);
    return true;
  });
}
