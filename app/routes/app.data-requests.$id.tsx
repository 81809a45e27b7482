// A customer data request's report, as a JSON download (docs/decisions/0116). Authenticated like
// every app request: Settings fetches it with the App Bridge session token, not a plain link.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { dataRequestDownload } from "~/web/screens/data-requests.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  return dataRequestDownload(await appContext(), shop, params.id ?? "");
};
