// CSV export of one campaign's recipients and outcomes (streams from PostgreSQL).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/app-context.server";
import { requireMerchant } from "~/auth.server";
import { exportCampaignCsvStream } from "~/results/export.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = params.id ?? "";
  const body = exportCampaignCsvStream(await appContext(), shop, id);
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="rapport-campaign-${id.replace(/[^\w-]/g, "")}.csv"` },
  });
};
