// Settings → Email sender: who the email comes from, whose SMTP server sends it, the pace, and
// "Send a test email", which is what verifies sending for email campaigns.
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { SenderField } from "~/delivery/rules/sender";
import type { SenderView } from "~/web/screens/sender.server";
import type { SettingsActionResult } from "~/web/screens/settings.server";
import { dateTime } from "~/web/components/format";
import { useToast } from "~/web/components/toast";

export function SenderCard({ view }: { view: SenderView }) {
  const fetcher = useFetcher<SettingsActionResult>();
  const toast = useToast();
  const [values, setValues] = useState(view.form);
  const set = (f: SenderField) => (v: string) => setValues((x) => ({ ...x, [f]: v }));
  const result = fetcher.data?.form === "sender" ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.errors : {};
  const busy = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : null;
  useEffect(() => {
    if (result) toast.show(result.ok ? result.message : (result.message ?? "Not saved"), { error: !result.ok });
  }, [result, toast]);
  const submit = (intent: string) => fetcher.submit({ ...values, intent }, { method: "post" });
  const own = values.smtpMode === "own";
  const { status } = view;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Email sender
          </Text>
          {status.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="attention">Not verified</Badge>}
        </InlineStack>
        {result && !result.ok && result.message && Object.keys(result.errors).length === 0 ? (
          <Banner tone="critical" title="The test email was not sent">
            {result.message}
          </Banner>
        ) : null}
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label="From name"
              value={values.fromName}
              onChange={set("fromName")}
              error={errors.fromName}
              autoComplete="off"
            />
            <TextField
              label="From address"
              type="email"
              value={values.fromAddress}
              onChange={set("fromAddress")}
              error={errors.fromAddress}
              autoComplete="off"
              helpText={
                own
                  ? "Customers see this address."
                  : "Replies go here; the email itself comes from the app's sending domain."
              }
            />
          </FormLayout.Group>
          <TextField
            label="Reply-to address (optional)"
            type="email"
            value={values.replyTo}
            onChange={set("replyTo")}
            error={errors.replyTo}
            autoComplete="off"
          />
          <Select
            label="SMTP server"
            options={[
              {
                value: "operator",
                label: "The app's email service (no account needed)",
                disabled: !view.operatorAvailable,
              },
              { value: "own", label: "My own SMTP server" },
            ]}
            value={values.smtpMode}
            onChange={set("smtpMode")}
            error={errors.smtpMode}
          />
          {own ? (
            <>
              <FormLayout.Group>
                <TextField
                  label="Host"
                  value={values.smtpHost}
                  onChange={set("smtpHost")}
                  error={errors.smtpHost}
                  autoComplete="off"
                />
                <TextField
                  label="Port"
                  type="number"
                  value={values.smtpPort}
                  onChange={set("smtpPort")}
                  error={errors.smtpPort}
                  autoComplete="off"
                />
                <Select
                  label="TLS"
                  options={[
                    { value: "starttls", label: "STARTTLS (usually port 587)" },
                    { value: "tls", label: "TLS from the start (usually port 465)" },
                    { value: "none", label: "None (local servers only)" },
                  ]}
                  value={values.smtpTls}
                  onChange={set("smtpTls")}
                  error={errors.smtpTls}
                />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField
                  label="User"
                  value={values.smtpUser}
                  onChange={set("smtpUser")}
                  error={errors.smtpUser}
                  autoComplete="off"
                />
                <TextField
                  label="Password"
                  type="password"
                  value={values.smtpPassword}
                  onChange={set("smtpPassword")}
                  error={errors.smtpPassword}
                  autoComplete="new-password"
                  helpText={view.hasPassword ? "Stored encrypted. Leave blank to keep it." : "Stored encrypted."}
                />
              </FormLayout.Group>
            </>
          ) : null}
          <TextField
            label="Sending rate"
            type="number"
            suffix="emails per second"
            value={values.ratePerSecond}
            onChange={set("ratePerSecond")}
            error={errors.ratePerSecond}
            autoComplete="off"
            helpText="At most this many emails per second for this store, across all of the app's workers; set it to your provider's limit."
          />
        </FormLayout>
        <Text as="p" tone="subdued">
          {status.verified && status.verifiedAt
            ? `Verified ${dateTime(status.verifiedAt)}: sending as ${status.from}.`
            : (status.problem ??
              "Send a test email to verify sending; email campaigns can be activated once it arrives. Changing the server, login or address needs a new test.")}
        </Text>
        <InlineStack gap="200">
          <Button onClick={() => submit("saveSender")} loading={busy === "saveSender"}>
            Save sender
          </Button>
          <Button variant="primary" onClick={() => submit("testSender")} loading={busy === "testSender"}>
            Send a test email
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
