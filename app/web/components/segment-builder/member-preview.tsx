// The builder's live result: how many customers match now and the first few of them.
import { Link } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, List, Spinner, Text } from "@shopify/polaris";
import type { SegmentPreview } from "~/web/screens/segments.server";
import { count, countOf, money } from "~/web/components/format";
import { pluralForm } from "~/shared/format";

export function MemberPreviewCard({ preview, loading }: { preview: SegmentPreview | undefined; loading: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Matching customers
          </Text>
          {loading ? <Spinner size="small" accessibilityLabel="Counting customers" /> : null}
        </InlineStack>
        {!preview ? (
          <Text as="p" tone="subdued">
            Counting…
          </Text>
        ) : preview.ok ? (
          <BlockStack gap="200">
            <span data-testid="segment-count">
              <Text as="p" variant="heading2xl">
                {count(preview.count)}
              </Text>
            </span>
            <Text as="p" tone="subdued">
              {pluralForm(preview.count, "customer matches these rules today", "customers match these rules today")}
            </Text>
            {preview.share.text ? (
              <span data-testid="segment-share">
                <Text as="p">{preview.share.text}</Text>
              </span>
            ) : null}
            {preview.share.warning ? (
              <div data-testid="segment-share-warning">
                <Banner tone="warning">{preview.share.warning}</Banner>
              </div>
            ) : null}
            {preview.members.length > 0 ? (
              <List>
                {preview.members.map((m) => (
                  <List.Item key={m.customerId}>
                    <Link to={`/app/customers/${m.customerId}`}>{m.displayName}</Link>
                    {` · ${countOf(m.orderCount ?? 0, "order")} · ${money(m.netSpend, preview.currency)}`}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </BlockStack>
        ) : (
          <Banner tone="warning" title="Fix the highlighted rules to see who matches">
            <List>
              {preview.errors.slice(0, 5).map((e) => (
                <List.Item key={`${e.path}-${e.message}`}>{e.message}</List.Item>
              ))}
            </List>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
