// One page of the customer list by keyset (decision 0203), never OFFSET over a sort of the store.
// The order has two runs: customers with a last order, walked on CustomerProfile(shop, lastOrderAt,
// customerId) newest first; then customers without one by id descending: profiles without a counted
// order (the NULL end of that index) merged with customers that have no profile yet (an anti-join,
// read only when `noProfiles` says some exist). A page reads at most pageSize + 1 rows of each
// source it touches; going back reads the same sources in ascending order.
import type { Db } from "~/db.server";
import { SqlParams } from "~/db/params";
import type { ListKey } from "./customer-cursor";

export interface PageRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  orderCount: number | null;
  netSpend: string | null;
  /** Epoch milliseconds as text (read as UTC whatever the process's time zone); null without an order. */
  lastOrderMs: string | null;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  lifecycleStage: string | null;
}

/** Which customers: a search's pattern, or the ids it matched when they are few (planned exactly). */
export type Filter = { pattern: string } | { ids: string[] } | null;
type Direction = "forward" | "back";
/** With an order (lastOrderAt); a profile without one; no profile yet (read only when some exist). */
type Source = "ordered" | "noOrder" | "noProfile";

const COLUMNS = `c.id::text AS id, c."firstName", c."lastName", c.email, p."orderCount", p."netSpend"::text AS "netSpend",
  (extract(epoch FROM p."lastOrderAt") * 1000)::int8::text AS "lastOrderMs", p."rScore", p."fScore", p."mScore", p."lifecycleStage"`;
const LISTED = `c."redactedAt" IS NULL AND c."deletedAt" IS NULL`;
/** Search: email or "first last" contains the pattern; the trigram indexes on Customer use these expressions. */
export const matchesSql = (pattern: string): string =>
  `(c.email ILIKE ${pattern} OR (coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", '')) ILIKE ${pattern})`;

/** The rows of one source after (forward) or before (back) `bound`, nearest first. */
async function readSource(
  db: Db,
  shop: string,
  source: Source,
  options: { direction: Direction; bound: ListKey | null; filter: Filter; limit: number },
): Promise<PageRow[]> {
  const { direction, bound, filter, limit } = options;
  const params = new SqlParams();
  const where = [`c.shop = ${params.add(shop, "text")}`, LISTED];
  if (filter && "ids" in filter) where.push(`c.id = ANY(${params.add(filter.ids, "int8[]")})`);
  else if (filter) where.push(matchesSql(params.add(filter.pattern, "text")));
  const after = direction === "forward" ? "<" : ">";
  const order = direction === "forward" ? "DESC" : "ASC";
  let sql: string;
  if (source === "noProfile") {
    if (bound) where.push(`c.id ${after} ${params.add(bound.id, "int8")}`);
    sql = `SELECT ${COLUMNS} FROM "Customer" c LEFT JOIN "CustomerProfile" p ON p.shop = c.shop AND p."customerId" = c.id
      WHERE ${where.join(" AND ")} AND p."customerId" IS NULL ORDER BY c.id ${order}`;
  } else {
    // Both walk CustomerProfile(shop, lastOrderAt, customerId): its NULL end holds the profiles without an order.
    if (source === "noOrder") {
      where.push(`p."lastOrderAt" IS NULL`);
      if (bound) where.push(`p."customerId" ${after} ${params.add(bound.id, "int8")}`);
    } else {
      where.push(`p."lastOrderAt" IS NOT NULL`);
      if (bound)
        where.push(
          `(p."lastOrderAt", p."customerId") ${after} (${params.instant(new Date(bound.lastOrderAt!))}, ${params.add(bound.id, "int8")})`,
        );
    }
    const by = source === "noOrder" ? `p."customerId" ${order}` : `p."lastOrderAt" ${order}, p."customerId" ${order}`;
    sql = `SELECT ${COLUMNS} FROM "CustomerProfile" p JOIN "Customer" c ON c.shop = p.shop AND c.id = p."customerId"
      WHERE p.shop = c.shop AND ${where.join(" AND ")} ORDER BY ${by}`;
  }
  const result = await db.pool.query<PageRow>(`${sql} LIMIT ${params.add(limit, "int4")}`, params.values);
  return result.rows;
}

/** Customers without an order, by id in `direction`: the profiles without one merged with the customers without a profile. */
async function readUnordered(
  db: Db,
  shop: string,
  options: { direction: Direction; bound: ListKey | null; filter: Filter; limit: number },
  noProfiles: () => Promise<boolean>,
): Promise<PageRow[]> {
  const [noOrder, noProfile] = await Promise.all([
    readSource(db, shop, "noOrder", options),
    noProfiles().then((some) => (some ? readSource(db, shop, "noProfile", options) : [])),
  ]);
  const sign = options.direction === "forward" ? -1 : 1;
  return [...noOrder, ...noProfile]
    .sort((a, b) => sign * (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .slice(0, options.limit);
}

/**
 * Up to `limit` rows next to `from` in `direction` (from the list's start when null), nearest
 * first, and whether more follow them. `noProfiles` is asked only when the page reaches the
 * customers without an order.
 */
export async function readPage(
  db: Db,
  shop: string,
  options: {
    from: ListKey | null;
    direction: Direction;
    filter: Filter;
    limit: number;
    noProfiles: () => Promise<boolean>;
  },
): Promise<{ rows: PageRow[]; more: boolean }> {
  const { from, direction, filter, limit, noProfiles } = options;
  type Run = "ordered" | "unordered";
  const runs: Run[] = direction === "forward" ? ["ordered", "unordered"] : ["unordered", "ordered"];
  // A cursor in the run without orders starts there going forward; one with an order, going back.
  const startRun: Run = from === null ? runs[0] : from.lastOrderAt === null ? "unordered" : "ordered";
  const rows: PageRow[] = [];
  for (const run of runs.slice(runs.indexOf(startRun))) {
    const read = { direction, bound: run === startRun ? from : null, filter, limit: limit + 1 - rows.length };
    rows.push(
      ...(run === "ordered"
        ? await readSource(db, shop, "ordered", read)
        : await readUnordered(db, shop, read, noProfiles)),
    );
    if (rows.length > limit) break;
  }
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
