// Resource route for the message editor's live preview.
import type { ActionFunctionArgs } from "@remix-run/node";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { previewMessage } from "~/web/screens/campaign-preview.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? "");
  return previewMessage(await reportsContext(), shop, field("campaignId"), {
    customerId: field("customerId"),
    subject: field("subject"),
    body: field("body"),
    ctaUrl: field("ctaUrl"),
  });
};
