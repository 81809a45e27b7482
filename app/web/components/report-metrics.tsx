// The figures of one report (a campaign or a pillar) with the chart over time.
import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import type { Totals } from "~/attribution/reports.server";
import type { SeriesPoint } from "~/attribution/series.server";
import { BarChart } from "./bar-chart";
import { count, money, percent } from "./format";

export function TotalsGrid({
  totals,
  currency,
  sentLabel = "Sent",
}: {
  totals: Totals;
  currency: string;
  /** "Handed to Shopify" for the Flow channels (app/delivery/rules/channel-wording.ts). */
  sentLabel?: string;
}) {
  const cells: [string, string][] = [
    [sentLabel, count(totals.sent)],
    ["Failed", count(totals.failed)],
    ["Held out", count(totals.heldOut)],
    ["Clicked", `${count(totals.clicked)} (${percent(totals.clickRate)})`],
    ["Converted", `${count(totals.converted)} (${percent(totals.conversionRate)})`],
    ["Revenue", money(totals.revenue, currency)],
    ["Orders", count(totals.orders)],
    ["Average order", totals.aov === null ? "—" : money(totals.aov, currency)],
  ];
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      {cells.map(([label, value]) => (
        <BlockStack key={label} gap="050">
          <Text as="span" variant="bodySm" tone="subdued">
            {label}
          </Text>
          <span data-testid={`metric-${label.toLowerCase().replace(/\s+/g, "-")}`}>
            <Text as="span" variant="headingMd">
              {value}
            </Text>
          </span>
        </BlockStack>
      ))}
    </InlineGrid>
  );
}

export function SeriesCharts({
  series,
  currency,
  bucket,
  sentLabel = "Sent",
}: {
  series: SeriesPoint[];
  currency: string;
  bucket: string;
  sentLabel?: string;
}) {
  const per = bucket === "week" ? "per week" : "per day";
  const sentTitle = sentLabel === "Sent" ? `Messages sent ${per}` : `Messages ${sentLabel.toLowerCase()} ${per}`;
  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {sentTitle}
        </Text>
        <BarChart title={sentTitle} points={series.map((p) => ({ label: p.period, value: p.sent }))} />
      </BlockStack>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">{`Attributed revenue ${per}`}</Text>
        <BarChart
          title={`Attributed revenue ${per}`}
          points={series.map((p) => ({ label: p.period, value: Number(p.revenue) }))}
          format={(v) => money(v, currency)}
        />
      </BlockStack>
    </InlineGrid>
  );
}
