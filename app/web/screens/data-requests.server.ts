// Settings' data requests: the shop's customers/data_request reports, listed and downloaded as
// JSON (docs/decisions/0116). Every query is scoped by the merchant's shop; another shop's id is
// not found (404), and so is an expired report the hourly sweep has not deleted yet.
import type { AppContext } from "~/runtime/app-context.server";

export interface DataRequestRow {
  id: string;
  customerId: string;
  customer: string;
  requestId: string;
  status: string;
  requestedAt: string;
  downloadedAt: string | null;
  expiresAt: string;
}

export async function listDataRequests(ctx: Pick<AppContext, "db" | "now">, shop: string): Promise<DataRequestRow[]> {
  const { prisma } = ctx.db;
  const rows = await prisma.dataRequest.findMany({
    where: { shop, expiresAt: { gt: ctx.now() } },
    select: {
      id: true,
      customerId: true,
      requestId: true,
      status: true,
      createdAt: true,
      downloadedAt: true,
      expiresAt: true,
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  const ids = [...new Set(rows.map((r) => r.customerId))];
  const customers = ids.length
    ? await prisma.customer.findMany({
        where: { shop, id: { in: ids } },
        select: { id: true, email: true, firstName: true, lastName: true },
      })
    : [];
  const label = (id: bigint): string => {
    const c = customers.find((x) => x.id === id);
    const name = [c?.firstName, c?.lastName].filter(Boolean).join(" ");
    return [name, c?.email].filter(Boolean).join(" · ") || `Customer ${id}`;
  };
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId.toString(),
    customer: label(r.customerId),
    requestId: r.requestId,
    status: r.status,
    requestedAt: r.createdAt.toISOString(),
    downloadedAt: r.downloadedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** The report as a JSON attachment, exactly as PostgreSQL stored it; 404 unless it is this shop's and unexpired. */
export async function dataRequestDownload(
  ctx: Pick<AppContext, "db" | "now">,
  shop: string,
  id: string,
): Promise<Response> {
  const now = ctx.now().toISOString();
  const found = await ctx.db.pool.query<{ report: string; customerId: string }>(
    `UPDATE "DataRequest" SET status = 'downloaded', "downloadedAt" = ($3::timestamptz AT TIME ZONE 'UTC')
      WHERE shop = $1 AND id = $2 AND "expiresAt" > ($3::timestamptz AT TIME ZONE 'UTC')
      RETURNING jsonb_pretty(report) AS report, "customerId"::text AS "customerId"`,
    [shop, id, now],
  );
  const row = found.rows[0];
  if (!row)
    return new Response("Data request not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(row.report, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="rapport-data-request-${row.customerId}-${id.replace(/[^\w-]/g, "")}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
