import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Card, FormLayout, Layout, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { routeErrorBoundary } from "~/web/components/route-error";
import { DataRequestsCard } from "~/web/components/settings/data-requests-card";
import { FlowWorkflowCard } from "~/web/components/settings/flow-workflow-card";
import { flowWorkflowView } from "~/delivery/flow-state.server";
import { MappingsCard } from "~/web/components/settings/mappings-card";
import { SenderCard } from "~/web/components/settings/sender-card";
import { SendingCard } from "~/web/components/settings/sending-card";
import { CHANNEL_INFO, CHANNELS } from "~/delivery/rules/channels";
import { useToast } from "~/web/components/toast";
import { SETTINGS_FIELDS, type SettingsField } from "~/shared/settings";
import { settingsAction, settingsView } from "~/web/screens/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const ctx = await appContext();
  return { ...(await settingsView(ctx, shop)), flowWorkflow: await flowWorkflowView(ctx.db, shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  return settingsAction(await appContext(), shop, form);
};

export default function Settings() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const toast = useToast();
  const saved = (): Record<SettingsField, string> =>
    Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, String(view.settings[f])])) as Record<SettingsField, string>;
  const [values, setValues] = useState(saved);
  const set = (f: SettingsField) => (v: string) => setValues((x) => ({ ...x, [f]: v }));
  const errors: Partial<Record<SettingsField, string>> = result?.form === "settings" && !result.ok ? result.errors : {};
  useEffect(() => {
    if (result?.form !== "settings") return;
    toast.show(result.ok ? "Settings saved" : "Fix the highlighted settings", { error: !result.ok });
  }, [result, toast]);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "saveSettings";
  const field = (
    f: SettingsField,
    label: string,
    extra: { suffix?: string; helpText?: string; type?: "number" | "text"; prefix?: string } = {},
  ) => (
    <TextField
      label={label}
      value={values[f]}
      onChange={set(f)}
      error={errors[f]}
      autoComplete="off"
      type={extra.type ?? "number"}
      suffix={extra.suffix}
      prefix={extra.prefix}
      helpText={extra.helpText}
    />
  );
  return (
    <ScreenPage
      title="Settings"
      save={{
        dirty: JSON.stringify(values) !== JSON.stringify(saved()),
        saving,
        onSave: () => submit({ ...values, intent: "saveSettings" }, { method: "post" }),
        onDiscard: () => setValues(saved()),
      }}
    >
      <Layout>
        <Layout.AnnotatedSection
          title="Measurement"
          description="How results are attributed and how many customers are held out to measure the lift. New campaigns start with these values."
        >
          <Card>
            <FormLayout>
              {field("attributionDays", "Attribution window", {
                suffix: "days",
                helpText: "An order within this many days after a message counts as a conversion.",
              })}
              {field("holdoutPercent", "Holdout", {
                suffix: "%",
                helpText: "Share of each campaign's audience that is not messaged (0–50).",
              })}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Guardrails"
          description={`Limits that apply across all campaigns. Quiet hours use the customer's time zone, or the store's (${view.timezone}) when unknown.`}
        >
          <Card>
            <FormLayout>
              <FormLayout.Group>
                {field("capCount", "Messages per customer", { helpText: "At most this many messages…" })}
                {field("capDays", "Frequency cap period", {
                  suffix: "days",
                  helpText: "…in any period of this many days.",
                })}
              </FormLayout.Group>
              <FormLayout.Group>
                {field("quietStart", "Quiet hours start", { type: "text", helpText: "24-hour time, e.g. 21:00" })}
                {field("quietEnd", "Quiet hours end", {
                  type: "text",
                  helpText: "Messages due in quiet hours wait until this time.",
                })}
              </FormLayout.Group>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Loyalty milestones"
          description="When a customer counts as having reached a milestone for the loyalty pillar."
        >
          <Card>
            <FormLayout>
              {field("milestoneSpend", "Lifetime spend milestone", { prefix: view.currencySymbol })}
              <FormLayout.Group>
                {field("milestoneOrders", "Order count milestone", { suffix: "orders" })}
                {field("milestoneYears", "Anniversary milestone", { suffix: "years" })}
              </FormLayout.Group>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Product mappings"
          description="Tell Rapport which product is the premium version of another, and which products you improved or relaunched."
        >
          <MappingsCard mappings={view.mappings} products={view.products} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Channel"
          description="How the customers of new campaigns receive their messages. Each campaign can change it."
        >
          <Card>
            <Select
              label="Default channel for new campaigns"
              options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_INFO[c].label }))}
              value={values.defaultChannel}
              onChange={set("defaultChannel")}
              error={errors.defaultChannel}
              helpText={CHANNEL_INFO[values.defaultChannel as keyof typeof CHANNEL_INFO]?.receives}
            />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Email sender"
          description="Who the email channel's messages come from and which SMTP server sends them. A test email verifies it."
        >
          <SenderCard view={view.sender} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Sending"
          description="Check that messages reach Shopify and see anything that failed."
        >
          <BlockStack gap="400">
            <SendingCard check={view.sending} />
            <FlowWorkflowCard state={view.flowWorkflow} />
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Customer data requests"
          description="When a customer asks the store for their data, Shopify tells Rapport, and the report of what Rapport holds appears here. Download it and send it to the customer; it is deleted 30 days after the request."
        >
          <DataRequestsCard requests={view.dataRequests} />
        </Layout.AnnotatedSection>
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Settings");
