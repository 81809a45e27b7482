// Segments: the list with live sizes, the builder's preview (count + first members), save/delete.
import { pluralForm } from "~/shared/format";
import type { AppContext } from "~/runtime/app-context.server";
import { isPillarId, PILLARS, pillarSegment, type PillarId } from "~/segments/rules/pillars";
import {
  isVipSegment,
  parseSegment,
  segmentShare,
  type SegmentError,
  type SegmentRule,
  type SegmentShare,
} from "~/segments/rules";
import { countMembers, listMembers, type MemberPreview } from "~/segments/members.server";
import { countListed } from "./customer-total.server";
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  SegmentInUseError,
  SegmentNameTakenError,
  updateSegment,
} from "~/segments/saved.server";

export interface SegmentSummary {
  id: string;
  name: string;
  pillar: PillarId | null;
  members: number;
  /** Share of the store's customers, with a warning for a VIP segment holding more than a quarter. */
  share: SegmentShare;
  updatedAt: string;
}

/** The customers a share is of: every known customer, redacted and deleted ones excepted. */
function storeCustomers(ctx: AppContext, shop: string): Promise<number> {
  return countListed(ctx.db, shop);
}

async function shopCurrency(ctx: AppContext, shop: string): Promise<string> {
  const row = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  return row?.currencyCode ?? "USD";
}

export async function segmentsList(ctx: AppContext, shop: string): Promise<SegmentSummary[]> {
  const [saved, customers] = await Promise.all([listSegments(ctx.db, shop), storeCustomers(ctx, shop)]);
  const now = ctx.now();
  const counts = await Promise.all(saved.map((s) => countMembers(ctx.db, shop, s.definition, now)));
  return saved.map((s, i) => ({
    id: s.id,
    name: s.name,
    pillar: s.pillar,
    members: counts[i],
    share: segmentShare(counts[i], customers, isVipSegment(s)),
    updatedAt: s.updatedAt.toISOString(),
  }));
}

export type SegmentPreview =
  | { ok: true; count: number; share: SegmentShare; currency: string; members: MemberPreview[] }
  | { ok: false; errors: SegmentError[] };

/** `about`: the builder's name and pillar, which say whether the segment is meant to be exclusive. */
export async function previewSegment(
  ctx: AppContext,
  shop: string,
  definition: unknown,
  about: { name: string; pillar: string | null } = { name: "", pillar: null },
): Promise<SegmentPreview> {
  const parsed = parseSegment(definition);
  if (!parsed.ok) return parsed;
  const now = ctx.now();
  const [count, page, customers, currency] = await Promise.all([
    countMembers(ctx.db, shop, parsed.rule, now),
    listMembers(ctx.db, shop, parsed.rule, now, { limit: 10 }),
    storeCustomers(ctx, shop),
    shopCurrency(ctx, shop),
  ]);
  return {
    ok: true,
    count,
    share: segmentShare(count, customers, isVipSegment(about)),
    currency,
    members: page.members,
  };
}

export interface SegmentDraft {
  id: string | null;
  name: string;
  pillar: PillarId | null;
  definition: SegmentRule;
}

/** An existing segment, a pillar's template (?pillar=), or an empty "all" group. */
export async function segmentDraft(
  ctx: AppContext,
  shop: string,
  id: string | null,
  pillar: string | null,
): Promise<SegmentDraft | null> {
  if (id) {
    const s = await getSegment(ctx.db, shop, id);
    return s && { id: s.id, name: s.name, pillar: s.pillar, definition: s.definition };
  }
  if (isPillarId(pillar)) {
    const p = PILLARS.find((x) => x.id === pillar)!;
    return { id: null, name: p.title, pillar, definition: pillarSegment(pillar) };
  }
  return {
    id: null,
    name: "",
    pillar: null,
    definition: { type: "all", rules: [{ type: "compare", field: "orderCount", op: "gte", value: 1 }] },
  };
}

export interface SegmentFormErrors {
  name?: string;
  pillar?: string;
  definition?: SegmentError[];
  /** Why the segment could not be deleted. */
  delete?: string;
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: SegmentFormErrors };

export async function saveSegment(
  ctx: AppContext,
  shop: string,
  id: string | null,
  input: { name: string; pillar: string; definition: string },
): Promise<SaveResult> {
  const errors: SegmentFormErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Give the segment a name";
  else if (name.length > 200) errors.name = "Keep the name under 200 characters";
  const pillar = input.pillar === "" ? null : isPillarId(input.pillar) ? input.pillar : undefined;
  if (pillar === undefined) errors.pillar = "Choose a pillar or none";
  let definition: unknown;
  try {
    definition = JSON.parse(input.definition);
  } catch {
    errors.definition = [{ path: "", message: "The rules could not be read. Reload the page and try again." }];
  }
  const parsed = errors.definition ? null : parseSegment(definition);
  if (parsed && !parsed.ok) errors.definition = parsed.errors;
  if (Object.keys(errors).length > 0 || !parsed?.ok) return { ok: false, errors };
  try {
    const saved = id
      ? await updateSegment(ctx.db, shop, id, { name, pillar: pillar ?? null, definition: parsed.rule })
      : await createSegment(ctx.db, shop, { name, pillar: pillar ?? null, definition: parsed.rule });
    if (!saved) return { ok: false, errors: { name: "This segment no longer exists" } };
    return { ok: true, id: saved.id };
  } catch (error) {
    if (error instanceof SegmentNameTakenError)
      return { ok: false, errors: { name: `A segment named "${name}" already exists` } };
    throw error;
  }
}

/** Deletes the segment (a missing one counts as deleted), unless a running campaign depends on it. */
export async function removeSegment(
  ctx: AppContext,
  shop: string,
  id: string,
): Promise<{ ok: true } | { ok: false; errors: SegmentFormErrors }> {
  try {
    await deleteSegment(ctx.db, shop, id);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof SegmentInUseError)) throw error;
    const names = error.campaigns.map((c) => `"${c.name}" (${c.status})`);
    const list = pluralForm(
      names.length,
      `the campaign ${names[0]}`,
      `the campaigns ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`,
    );
    const [them, send] = pluralForm(names.length, ["it", "sends"], ["them", "send"]);
    return {
      ok: false,
      errors: {
        delete: `This segment can't be deleted: ${list} ${send} to it. Choose another segment for ${them}, or delete ${them}, first.`,
      },
    };
  }
}
