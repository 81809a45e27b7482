// Is sending working? The Flow trigger's recent outcomes, failed messages and failed jobs.
import { Badge, Banner, BlockStack, Card, DataTable, InlineStack, List, Text } from "@shopify/polaris";
import type { SendingCheck } from "~/web/screens/sending-check.server";
import { count, dateTime } from "~/web/components/format";

export function SendingCard({ check }: { check: SendingCheck }) {
  const badge =
    check.state === "ok" ? (
      <Badge tone="success">Working</Badge>
    ) : check.state === "failing" ? (
      <Badge tone="critical">Failing</Badge>
    ) : (
      <Badge>Nothing sent yet</Badge>
    );
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Sending setup
          </Text>
          {badge}
        </InlineStack>
        <List>
          <List.Item>{`Rapport hands each message to Shopify Flow through the “Rapport message” trigger (handle ${check.handle}). In Shopify Flow, connect it to “Send marketing email”.`}</List.Item>
          <List.Item>
            {check.lastSentAt
              ? `Last message accepted by Shopify: ${dateTime(check.lastSentAt)}.`
              : "No message has been accepted by Shopify yet."}
          </List.Item>
          <List.Item>{`Last 7 days: ${count(check.sentLast7Days)} sent, ${count(check.failedLast7Days)} failed.`}</List.Item>
          {check.jobs ? (
            <List.Item>{`Background jobs: ${check.jobs.queued} queued, ${check.jobs.running} running, ${check.jobs.retrying} retrying, ${check.jobs.failed.length} failed.`}</List.Item>
          ) : null}
        </List>
        {check.state === "failing" ? (
          <Banner tone="critical" title="Shopify is rejecting messages">
            <p>
              The most recent attempts failed. Check that the app is still installed and the Flow trigger is connected;
              the errors are listed below.
            </p>
          </Banner>
        ) : null}
        {check.failedMessages.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Failed messages
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["When", "Campaign", "Customer", "Reason"]}
              rows={check.failedMessages.map((m) => [dateTime(m.at), m.campaign, m.customerId, m.error])}
            />
          </BlockStack>
        ) : null}
        {check.jobs && check.jobs.failed.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Failed background jobs
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "text"]}
              headings={["When", "Task", "Attempts", "Last error"]}
              rows={check.jobs.failed.map((j) => [dateTime(j.failedAt), j.task, j.attempts, j.lastError.slice(0, 200)])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
