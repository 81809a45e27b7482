// Resource route for the dry run: who would be messaged now, and what the guardrails decide.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { dryRun } from "~/web/screens/campaign-preview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const result = await dryRun(await reportsContext(), shop, new URL(request.url).searchParams.get("id") ?? "");
  if (!result) throw new Response("This campaign doesn't exist.", { status: 404 });
  return result;
};
