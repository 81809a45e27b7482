// The customer list: name/email search, keyset pages (customer-pages.server.ts), profile columns
// (RFM, stage), the total from customer-total.server.ts. Decision 0203.
import type { AppContext } from "~/runtime/app-context.server";
import { displayName } from "~/segments/members.server";
import { cleanSearch, containsPattern, encodeCursor, parseCursor, type Cursor } from "./customer-cursor";
import { readPage, type Filter, type PageRow } from "./customer-pages.server";
import { searchMatches, SEARCH_COUNT_CAP, storeTotal, withoutProfile } from "./customer-total.server";

export const CUSTOMERS_PAGE_SIZE = 25;

export interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  orderCount: number | null;
  netSpend: string | null;
  lastOrderAt: string | null;
  rfm: string | null;
  stage: string | null;
}

export interface CustomerList {
  query: string;
  /** 1-based position of the first row; 0 when there are none. */
  start: number;
  /** The store's customers, or a search's matches (at most SEARCH_COUNT_CAP). */
  total: number;
  /** A search with more than SEARCH_COUNT_CAP matches: the list has more than `total`. */
  totalIsLowerBound: boolean;
  pageSize: number;
  rows: CustomerRow[];
  /** Cursors for the `after` and `before` parameters; null at either end. */
  nextCursor: string | null;
  previousCursor: string | null;
  /** Why the request was not served as asked (an unreadable page link, a search that is too long). */
  error: string | null;
  currency: string;
}

export interface ListInput {
  query?: string | null;
  after?: string | null;
  before?: string | null;
}

const STALE_LINK = "That page link is no longer valid, so the list starts from the beginning.";

function cursorOf(row: PageRow, position: number): string {
  return encodeCursor({ lastOrderAt: row.lastOrderMs === null ? null : Number(row.lastOrderMs), id: row.id, position });
}

function toRow(r: PageRow): CustomerRow {
  return {
    id: r.id,
    name: displayName({ customerId: r.id, firstName: r.firstName, lastName: r.lastName, email: r.email }),
    email: r.email,
    orderCount: r.orderCount,
    netSpend: r.netSpend,
    lastOrderAt: r.lastOrderMs === null ? null : new Date(Number(r.lastOrderMs)).toISOString(),
    rfm: r.rScore === null ? null : `${r.rScore}-${r.fScore ?? "?"}-${r.mScore ?? "?"}`,
    stage: r.lifecycleStage,
  };
}

interface PageAsk {
  filter: Filter;
  cursor: Cursor | null;
  back: boolean;
}

async function page(ctx: Pick<AppContext, "db" | "now">, shop: string, { filter, cursor, back }: PageAsk) {
  const limit = CUSTOMERS_PAGE_SIZE;
  // A search's few ids are checked directly; otherwise ask (once a minute) whether any exist.
  const noProfiles = async () =>
    filter !== null && "ids" in filter ? true : (await withoutProfile(ctx.db, shop, ctx.now())) > 0;
  if (back && cursor) {
    const { rows, more } = await readPage(ctx.db, shop, { from: cursor, direction: "back", filter, limit, noProfiles });
    // Fewer than a page before the cursor: that is the list's start, shown as a whole first page.
    if (more || rows.length === limit) {
      const start = Math.max(1, cursor.position - rows.length);
      return { rows: rows.reverse(), start, hasPrevious: more, hasNext: true };
    }
  }
  const from = back ? null : cursor;
  const { rows, more } = await readPage(ctx.db, shop, { from, direction: "forward", filter, limit, noProfiles });
  return { rows, start: from ? from.position + 1 : 1, hasPrevious: from !== null, hasNext: more };
}

export async function listCustomers(
  ctx: Pick<AppContext, "db" | "now">,
  shop: string,
  input: ListInput,
): Promise<CustomerList> {
  const search = cleanSearch(input.query);
  const raw = input.after || input.before || null;
  const cursor = raw === null ? null : parseCursor(raw);
  let error = search.ok ? null : search.error;
  if (raw !== null && cursor === null) error ??= STALE_LINK;
  const pattern = search.text ? containsPattern(search.text) : null;
  const shopRow = ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  const back = !input.after && Boolean(input.before);
  let total = 0;
  let result: Awaited<ReturnType<typeof page>> = { rows: [], start: 1, hasPrevious: false, hasNext: false };
  if (!search.ok) {
    // Refused: no query runs.
  } else if (pattern === null) {
    [result, total] = await Promise.all([
      page(ctx, shop, { filter: null, cursor, back }),
      storeTotal(ctx.db, shop, ctx.now()),
    ]);
  } else {
    const ids = await searchMatches(ctx.db, shop, pattern);
    total = ids.length;
    // Few matches: the page is planned on their ids. Many: they are dense, so walking the list's
    // order finds a page soon.
    result = await page(ctx, shop, { filter: ids.length > SEARCH_COUNT_CAP ? { pattern } : { ids }, cursor, back });
  }
  const { rows, start } = result;
  const capped = total > SEARCH_COUNT_CAP;
  return {
    query: search.text,
    start: rows.length ? start : 0,
    total: capped ? SEARCH_COUNT_CAP : total,
    totalIsLowerBound: capped,
    pageSize: CUSTOMERS_PAGE_SIZE,
    rows: rows.map(toRow),
    nextCursor: result.hasNext && rows.length ? cursorOf(rows[rows.length - 1], start + rows.length - 1) : null,
    previousCursor: result.hasPrevious && rows.length ? cursorOf(rows[0], start) : null,
    error,
    currency: (await shopRow)?.currencyCode ?? "USD",
  };
}
