// Saved segments (Segment model). Every write validates the definition; reads re-validate stored JSON.
import { type Db } from "~/db.server";
import { isPillarId, type PillarId } from "~/domain/pillars";
import { assertSegment, type SegmentRule } from "~/domain/segments";

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

interface Row { id: string; shop: string; name: string; pillar: string | null; definition: unknown; createdAt: Date; updatedAt: Date }

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
export async function createSegment(db: Db, shop: string, input: { name: string; pillar?: PillarId | null; definition: unknown }): Promise<SavedSegment> {
  const definition = assertSegment(input.definition);
  const name = checkName(input.name);
  const row = await nameGuard(name, () => db.prisma.segment.create({ data: { shop, name, pillar: input.pillar ?? null, definition: definition as object } }));
  return toSaved(row);
}

export async function updateSegment(
  db: Db, shop: string, id: string, input: { name?: string; pillar?: PillarId | null; definition?: unknown },
): Promise<SavedSegment | null> {
  const definition = input.definition === undefined ? undefined : assertSegment(input.definition);
  const name = input.name === undefined ? undefined : checkName(input.name);
  const existing = await db.prisma.segment.findFirst({ where: { id, shop } });
  if (!existing) return null;
  const row = await nameGuard(name ?? existing.name, () => db.prisma.segment.update({
    where: { id },
    data: { ...(name !== undefined ? { name } : {}), ...(input.pillar !== undefined ? { pillar: input.pillar } : {}), ...(definition ? { definition: definition as object } : {}) },
  }));
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

export async function deleteSegment(db: Db, shop: string, id: string): Promise<boolean> {
  const result = await db.prisma.segment.deleteMany({ where: { id, shop } });
  return result.count > 0;
}
