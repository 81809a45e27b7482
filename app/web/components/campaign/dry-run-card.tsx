// Who would get the message if it went out now: the guardrails' decision per customer.
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { Channel } from "~/delivery/rules/channels";
import type { DryRunRow, DryRunView } from "~/web/screens/campaign-preview.server";

const tone = (o: DryRunRow["outcome"]) => (o === "send" ? "success" : o === "held_out" ? "info" : "attention");
// On the Flow channels Rapport's last step is Shopify accepting the trigger (decision 0181).
const label = (o: DryRunRow["outcome"], channel: Channel) =>
  o === "send"
    ? channel === "email"
      ? "Would send"
      : "Would hand to Shopify"
    : o === "held_out"
      ? "Held out"
      : "Skipped";

export function DryRunCard({ campaignId, channel }: { campaignId: string; channel: Channel }) {
  const run = useFetcher<DryRunView>();
  const loading = run.state !== "idle";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              Dry run
            </Text>
            <Text as="p" tone="subdued">
              See who would receive this message right now. Nothing is sent.
            </Text>
          </BlockStack>
          <Button
            onClick={() => run.load(`/app/campaigns/dry-run?id=${encodeURIComponent(campaignId)}`)}
            loading={loading}
          >
            Run dry run
          </Button>
        </InlineStack>
        {loading ? (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel="Dry run in progress" />
            <Text as="span" tone="subdued">
              Checking who is due and what the guardrails decide…
            </Text>
          </InlineStack>
        ) : null}
        {run.data ? (
          run.data.rows.length === 0 ? (
            <Text as="p" tone="subdued">
              {run.data.alreadyMessaged > 0
                ? `Everyone due now (${run.data.alreadyMessaged}) has already been messaged.`
                : "Nobody is due for this message right now: the trigger has not fired for anyone in the audience."}
            </Text>
          ) : (
            <BlockStack gap="200">
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={["Customer", "Outcome", "Details"]}
                rows={run.data.rows.map((r) => [
                  r.name,
                  <Badge key={r.customerId} tone={tone(r.outcome)}>
                    {label(r.outcome, channel)}
                  </Badge>,
                  r.detail,
                ])}
              />
              {run.data.candidates > run.data.rows.length + run.data.alreadyMessaged ? (
                <Text
                  as="p"
                  tone="subdued"
                >{`Showing the first ${run.data.rows.length} of ${run.data.candidates} customers.`}</Text>
              ) : null}
            </BlockStack>
          )
        ) : null}
      </BlockStack>
    </Card>
  );
}
