// Runtime URL of the "Send a Rapport message" Flow action (extensions/send-rapport-message,
// https://shopify.dev/docs/apps/build/flow/actions/endpoints): verified with authenticate.flow,
// checked, queued as flow.runAction and answered at once (decision 0182). The job id is the
// action run id, so Flow's retries of one run queue one job; the Message's unique key covers the rest.
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { findActionCampaign } from "~/delivery/flow-action.server";
import { actionPayload } from "~/delivery/rules/flow/action";
import { authenticate } from "~/shopify.server";
import { MESSAGE_PATH_PRIORITY } from "~/jobs/queue";

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.flow(request);
  const parsed = actionPayload.safeParse(payload);
  // Any 4xx but 429 makes Flow mark this step failed without retrying: right for a bad request.
  if (!parsed.success)
    return plain(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  if (parsed.data.shopify_domain !== session.shop) return plain(400, "shopify_domain does not match the shop");
  const ctx = await appContext();
  const campaign = await findActionCampaign(ctx.db, session.shop, parsed.data.properties.campaign);
  if (!campaign.ok) return plain(422, campaign.message);
  const run = parsed.data.action_run_id;
  await ctx.queue.enqueue(
    "flow.runAction",
    {
      shop: session.shop,
      campaignId: campaign.id,
      customerId: String(parsed.data.properties.customer_id),
      actionRunId: run,
    },
    {
      jobKey: `flow.runAction:${session.shop}:${run}`,
      queueName: `campaigns:${session.shop}`,
      priority: MESSAGE_PATH_PRIORITY,
    },
  );
  return new Response(null, { status: 200 });
};
