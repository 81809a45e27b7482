// CSV export of one campaign's recipients and outcomes (streams from PostgreSQL, on the reports pool).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { campaignCsv } from "~/attribution/export.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = params.id ?? "";
  const body = await campaignCsv(await reportsContext(), shop, id);
  if (!body) throw new Response("This campaign doesn't exist. It may have been deleted.", { status: 404 });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rapport-campaign-${id}.csv"`,
    },
  });
};
