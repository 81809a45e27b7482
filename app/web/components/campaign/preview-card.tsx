// The message as the chosen customer would receive it, re-rendered as the merchant edits.
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Divider,
  InlineStack,
  Select,
  Spinner,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { CHANNEL_INFO, type Channel } from "~/delivery/rules/channels";
import type { PreviewResult } from "~/web/screens/campaign-preview.server";
import type { MemberPreview } from "~/segments/members.server";

interface Props {
  campaignId: string;
  recipients: MemberPreview[];
  template: { subject: string; body: string; ctaUrl: string; ctaLabel: string };
  /** The channel chosen in the editor: the preview says how the message arrives through it. */
  channel: Channel;
}

// What the words below become on each channel (the editor's channel card has the full sentence).
const ARRIVES: Record<Channel, string> = {
  email: "The customer receives this email as shown.",
  shopify_email: "The customer receives your Shopify Email design, not the text below.",
  flow: "Your Flow workflow decides what the customer receives from the text below.",
};

export function PreviewCard({ campaignId, recipients, template, channel }: Props) {
  const [customerId, setCustomerId] = useState(recipients[0]?.customerId ?? "");
  const preview = useFetcher<PreviewResult>();
  const { submit } = preview;
  useEffect(() => {
    if (!customerId) return;
    const timer = setTimeout(
      () =>
        submit(
          { campaignId, customerId, subject: template.subject, body: template.body, ctaUrl: template.ctaUrl },
          { method: "post", action: "/app/campaigns/preview" },
        ),
      350,
    );
    return () => clearTimeout(timer);
  }, [campaignId, customerId, template.subject, template.body, template.ctaUrl, submit]);
  const result = preview.data;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          {preview.state !== "idle" ? <Spinner size="small" accessibilityLabel="Updating preview" /> : null}
        </InlineStack>
        <div data-testid="preview-channel">
          <Text as="p" tone="subdued" fontWeight={channel === "email" ? "regular" : "semibold"}>
            {`Arrives as: ${CHANNEL_INFO[channel].label}. ${ARRIVES[channel]}`}
          </Text>
        </div>
        {recipients.length > 0 ? (
          <Select
            label="Preview for"
            options={recipients.map((r) => ({
              value: r.customerId,
              label: r.email ? `${r.displayName} (${r.email})` : r.displayName,
            }))}
            value={customerId}
            onChange={setCustomerId}
          />
        ) : (
          <TextField
            label="Preview for customer ID"
            helpText="Nobody is in this campaign's audience right now; enter any customer's ID."
            value={customerId}
            onChange={setCustomerId}
            autoComplete="off"
          />
        )}
        {result && !result.ok ? (
          <Banner tone="warning" title="Fix the template to see the preview">
            <BlockStack gap="100">
              {Object.entries(result.errors).map(([field, message]) => (
                <Text
                  as="p"
                  key={field}
                >{`${field === "ctaUrl" ? "CTA link" : field === "customerId" ? "Customer" : field[0].toUpperCase() + field.slice(1)}: ${message}`}</Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        {result?.ok ? (
          <Box padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="200">
              <Text as="p" variant="bodySm" tone="subdued">
                Subject
              </Text>
              <span data-testid="preview-subject">
                <Text as="p" fontWeight="semibold">
                  {result.message.subject}
                </Text>
              </span>
              <Divider />
              <div data-testid="preview-body" style={{ whiteSpace: "pre-wrap" }}>
                <Text as="p">{result.message.body}</Text>
              </div>
              <div data-testid="preview-status" data-customer={result.customerId}>
                <Text as="p" variant="bodySm" tone="subdued">
                  {[
                    result.inSegment ? "In the audience now" : "Not in the audience now",
                    result.consent ? `would be skipped: ${result.consent}` : "email consent given",
                    result.heldOut ? "in the holdout group (would not be messaged)" : null,
                    `time zone ${result.timeZone}`,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              </div>
              {template.ctaLabel ? (
                <Text as="p">
                  <Text as="span" fontWeight="semibold">
                    {template.ctaLabel}
                  </Text>
                  {` → ${result.message.ctaUrl || "(no link)"}`}
                </Text>
              ) : null}
            </BlockStack>
          </Box>
        ) : null}
      </BlockStack>
    </Card>
  );
}
