// The customer list: name/email search, offset pages, profile columns (RFM, stage).
import type { AppContext } from "~/runtime/app-context.server";
import { displayName } from "~/segments/members.server";

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
  page: number;
  total: number;
  pageSize: number;
  rows: CustomerRow[];
  currency: string;
}

interface Row {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  orderCount: number | null;
  netSpend: string | null;
  lastOrderAt: Date | null;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  lifecycleStage: string | null;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCustomers(
  ctx: Pick<AppContext, "db">,
  shop: string,
  input: { query?: string | null; page?: number },
): Promise<CustomerList> {
  const query = (input.query ?? "").trim().slice(0, 200);
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pattern = query ? `%${escapeLike(query)}%` : null;
  const where = `c.shop = $1 AND c."redactedAt" IS NULL AND c."deletedAt" IS NULL AND ($2::text IS NULL OR c.email ILIKE $2 OR concat_ws(' ', c."firstName", c."lastName") ILIKE $2)`;
  const [rows, total, shopRow] = await Promise.all([
    ctx.db.pool.query<Row>(
      `SELECT c.id::text AS id, c."firstName", c."lastName", c.email, p."orderCount", p."netSpend"::text AS "netSpend", p."lastOrderAt",
              p."rScore", p."fScore", p."mScore", p."lifecycleStage"
         FROM "Customer" c LEFT JOIN "CustomerProfile" p ON p.shop = c.shop AND p."customerId" = c.id
        WHERE ${where}
        ORDER BY p."lastOrderAt" DESC NULLS LAST, c.id DESC
        LIMIT $3 OFFSET $4`,
      [shop, pattern, CUSTOMERS_PAGE_SIZE, (page - 1) * CUSTOMERS_PAGE_SIZE],
    ),
    ctx.db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Customer" c WHERE ${where}`, [shop, pattern]),
    ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  return {
    query,
    page,
    pageSize: CUSTOMERS_PAGE_SIZE,
    total: Number(total.rows[0].n),
    currency: shopRow?.currencyCode ?? "USD",
    rows: rows.rows.map((r) => ({
      id: r.id,
      name: displayName({ customerId: r.id, firstName: r.firstName, lastName: r.lastName, email: r.email }),
      email: r.email,
      orderCount: r.orderCount,
      netSpend: r.netSpend,
      lastOrderAt: r.lastOrderAt?.toISOString() ?? null,
      rfm: r.rScore === null ? null : `${r.rScore}-${r.fScore ?? "?"}-${r.mScore ?? "?"}`,
      stage: r.lifecycleStage,
    })),
  };
}
