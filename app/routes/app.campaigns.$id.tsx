import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ConfirmModal } from "~/web/components/admin-ui/confirm-modal";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { isChannel, LEGACY_CHANNEL, type Channel } from "~/delivery/rules/channels";
import { ChannelCard } from "~/web/components/campaign/channel-card";
import { DryRunCard } from "~/web/components/campaign/dry-run-card";
import { PreviewCard } from "~/web/components/campaign/preview-card";
import { ShopifyEmailCard } from "~/web/components/campaign/shopify-email-card";
import { campaignChannel } from "~/delivery/flow-state.server";
import { routeErrorBoundary } from "~/web/components/route-error";
import { countOf } from "~/web/components/format";
import { StatusBadge } from "~/web/components/status-badge";
import { useToast } from "~/web/components/toast";
import { AVAILABLE_VARIABLES } from "~/campaigns/rules/messages/catalogue";
import { parseRecordId } from "~/shared/ids";
import { describeRule } from "~/segments/rules";
import { campaignAction, campaignEditor } from "~/web/screens/campaigns.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = parseRecordId(params.id);
  const view = id && (await campaignEditor(await appContext(), shop, id));
  if (!view) throw gone();
  return { ...view, deliveryChannel: await campaignChannel((await appContext()).db, shop, id) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = parseRecordId(params.id);
  if (!id) throw gone();
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  return campaignAction(await appContext(), shop, id, form);
};

const gone = () => new Response("This campaign doesn't exist. It may have been deleted.", { status: 404 });

type Field =
  | "segmentId"
  | "name"
  | "subject"
  | "body"
  | "ctaLabel"
  | "ctaUrl"
  | "delayDays"
  | "holdoutPercent"
  | "attributionDays"
  | "channel";

export default function CampaignEditor() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const toast = useToast();
  const initial = (): Record<Field, string> => ({
    segmentId: c.segmentId ?? "",
    name: c.name,
    subject: c.subject,
    body: c.body,
    ctaLabel: c.ctaLabel,
    ctaUrl: c.ctaUrl,
    delayDays: c.trigger.kind === "event" ? String(c.trigger.delayDays) : "",
    holdoutPercent: String(c.holdoutPercent),
    attributionDays: String(c.attributionDays),
    channel: c.channel,
  });
  const [values, setValues] = useState(initial);
  const [confirm, setConfirm] = useState(false);
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const intent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  useEffect(() => {
    if (!result) return;
    if (result.ok) toast.show(result.message);
    else toast.show("Fix the highlighted fields", { error: true });
  }, [result, toast]);
  useEffect(() => {
    if (new URL(window.location.href).searchParams.get("created")) toast.show("Campaign created as a draft");
  }, [toast]);
  const errors = result && !result.ok ? result.errors : {};
  const err = (field: string) => (errors as Record<string, string[] | undefined>)[field]?.join(" ");
  const send = (intentName: string) => submit({ ...values, intent: intentName }, { method: "post" });
  const active = c.status === "active";
  const dirty = JSON.stringify(values) !== JSON.stringify(initial());
  const channel: Channel = isChannel(values.channel) ? values.channel : LEGACY_CHANNEL;
  return (
    <ScreenPage
      title={c.name}
      titleMetadata={<StatusBadge status={c.status} />}
      subtitle={c.pillarTitle}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
      save={{ dirty, saving: intent === "save", onSave: () => send("save"), onDiscard: () => setValues(initial()) }}
      secondaryActions={[
        active
          ? { content: "Pause", loading: intent === "pause", onAction: () => send("pause") }
          : { content: "Activate", loading: intent === "activate", onAction: () => setConfirm(true) },
        { content: "View report", url: `/app/reports?campaign=${c.id}` },
      ]}
    >
      <Layout>
        {result && !result.ok && err("status") ? (
          <Layout.Section>
            <Banner tone="critical" title="The campaign was not activated">
              {err("status")}
            </Banner>
          </Layout.Section>
        ) : null}
        {c.delivery.failing ? (
          <Layout.Section>
            <Banner tone="critical" title="Delivery is failing">
              {c.delivery.failing}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <ChannelCard
              value={values.channel}
              onChange={set("channel")}
              error={err("channel")}
              emailVerified={c.delivery.emailVerified}
            />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Message
                </Text>
                <FormLayout>
                  <TextField
                    label="Campaign name"
                    value={values.name}
                    onChange={set("name")}
                    error={err("name")}
                    autoComplete="off"
                  />
                  <TextField
                    label="Subject"
                    value={values.subject}
                    onChange={set("subject")}
                    error={err("subject")}
                    autoComplete="off"
                  />
                  <TextField
                    label="Body"
                    value={values.body}
                    onChange={set("body")}
                    error={err("body")}
                    multiline={8}
                    autoComplete="off"
                    monospaced
                  />
                  <FormLayout.Group>
                    <TextField
                      label="Button label"
                      value={values.ctaLabel}
                      onChange={set("ctaLabel")}
                      error={err("ctaLabel")}
                      autoComplete="off"
                    />
                    <TextField
                      label="Button link"
                      value={values.ctaUrl}
                      onChange={set("ctaUrl")}
                      error={err("ctaUrl")}
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                </FormLayout>
                <Text
                  as="p"
                  tone="subdued"
                  variant="bodySm"
                >{`Liquid variables you can use: ${AVAILABLE_VARIABLES.map((v) => `{{ ${v} }}`).join(", ")}`}</Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Audience and timing
                </Text>
                <Select
                  label="Audience"
                  options={[
                    {
                      value: "",
                      label: `${c.pillarTitle} rules: ${c.definition ? (c.definition.label ?? describeRule(c.definition)) : "invalid"}`,
                    },
                    ...c.segments.map((s) => ({ value: s.id, label: `Saved segment: ${s.name}` })),
                  ]}
                  value={values.segmentId}
                  onChange={set("segmentId")}
                  error={err("segmentId") ?? err("definition")}
                  helpText={
                    c.segments.length === 0
                      ? "Build a segment under Segments to target it here."
                      : "Changing the audience updates the preview after you save."
                  }
                />
                <Text as="p">{c.triggerText}</Text>
                {c.trigger.kind === "event" ? (
                  <TextField
                    label="Days after the order"
                    type="number"
                    value={values.delayDays}
                    onChange={set("delayDays")}
                    error={err("trigger")}
                    autoComplete="off"
                    helpText="0 sends as soon as the order arrives (outside quiet hours)."
                  />
                ) : err("trigger") ? (
                  <Text as="p" tone="critical">
                    {err("trigger")}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Guardrails
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <TextField
                      label="Holdout"
                      type="number"
                      suffix="%"
                      value={values.holdoutPercent}
                      onChange={set("holdoutPercent")}
                      error={err("holdoutPercent")}
                      autoComplete="off"
                      helpText="Customers randomly not messaged, to measure the lift."
                    />
                    <TextField
                      label="Attribution window"
                      type="number"
                      suffix="days"
                      value={values.attributionDays}
                      onChange={set("attributionDays")}
                      error={err("attributionDays")}
                      autoComplete="off"
                      helpText="Orders within this many days of the message count as conversions."
                    />
                  </FormLayout.Group>
                </FormLayout>
                <Text as="p">Consent channel: email, only to customers subscribed to email marketing.</Text>
                <Text as="p">
                  {`Frequency cap: at most ${countOf(c.guardrails.capCount, "message")} per customer every ${countOf(c.guardrails.capDays, "day")}, across all campaigns. Quiet hours: ${c.guardrails.quietStart}–${c.guardrails.quietEnd} in the customer's time zone. `}
                  <Link to="/app/settings">Change in Settings</Link>
                </Text>
              </BlockStack>
            </Card>
            {c.deliveryChannel === "shopify_email" ? (
              <ShopifyEmailCard campaignName={values.name} subject={values.subject} body={values.body} />
            ) : null}
            <DryRunCard campaignId={c.id} channel={channel} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PreviewCard campaignId={c.id} recipients={c.recipients} template={values} channel={channel} />
        </Layout.Section>
      </Layout>
      <ConfirmModal
        id="activate-campaign"
        open={confirm}
        title={`Activate ${c.name}?`}
        confirmLabel="Activate"
        loading={intent === "activate"}
        onConfirm={() => {
          send("activate");
          setConfirm(false);
        }}
        onClose={() => setConfirm(false)}
      >
        <BlockStack gap="200">
          <Text as="p">
            Your changes are saved first. Rapport then messages customers as they match, within your guardrails.
          </Text>
          <InlineStack gap="100">
            <Text as="span" tone="subdued">{`${c.holdoutPercent}% of them are held out to measure the lift.`}</Text>
          </InlineStack>
        </BlockStack>
      </ConfirmModal>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Campaign");
