// The store sync's state: a progress bar while the backfill runs, the outcome afterwards.
import { Badge, Banner, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { SyncStatus } from "~/web/screens/sync.server";
import { count, dateTime, titleCase } from "./format";

export function SyncCard({
  sync,
  customers,
  profiles,
}: {
  sync: SyncStatus | null;
  customers: number;
  profiles: number;
}) {
  if (!sync) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Store sync
          </Text>
          <Text as="p" tone="subdued">
            Rapport hasn't read your store yet. The first sync starts automatically after install.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  const running = sync.status === "running" || sync.status === "queued";
  const tone = sync.status === "completed" ? "success" : sync.status === "failed" ? "critical" : "info";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Store sync
          </Text>
          <Badge
            tone={tone}
            progress={running ? "partiallyComplete" : sync.status === "completed" ? "complete" : undefined}
          >
            {titleCase(sync.status)}
          </Badge>
        </InlineStack>
        {running ? (
          <BlockStack gap="200">
            <Text as="p">
              Reading {sync.phase === "queued" ? "your store" : sync.phase}… {count(sync.objectsRead)} records read,{" "}
              {count(sync.objectsWritten)} saved.
            </Text>
            {sync.insight.text ? (
              <Text as="p" tone="success">
                <span data-testid="sync-insight">{sync.insight.text}</span>
              </Text>
            ) : null}
            <ProgressBar progress={sync.percent ?? 5} tone="highlight" ariaLabelledBy="sync-progress-label" />
            <span id="sync-progress-label" hidden>
              Sync progress
            </span>
          </BlockStack>
        ) : null}
        {sync.status === "failed" ? (
          <Banner tone="critical" title="The last sync did not finish">
            <p>{sync.error ?? "Unknown error."} Rapport retries automatically; you can also start a new sync.</p>
          </Banner>
        ) : null}
        <Text as="p" tone="subdued">
          {count(customers)} customers · {count(profiles)} profiles computed · last sync started{" "}
          {dateTime(sync.startedAt)}
          {sync.finishedAt ? `, finished ${dateTime(sync.finishedAt)}` : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}
