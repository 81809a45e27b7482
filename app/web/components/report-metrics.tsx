// The figures of one report (a campaign or a pillar) with the chart over time.
import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import type { Totals } from "~/attribution/reports.server";
import type { SeriesPoint } from "~/attribution/series.server";
import type { ArmPoint } from "~/attribution/arm-series.server";
import { conversionSeries, pillarRevenueSeries } from "~/web/screens/reports-charts";
import { Chart } from "./charts/chart";
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
  // "Handed to Shopify" reads "handed to Shopify" mid-sentence: only its first letter is lowered.
  const sentWords = sentLabel.charAt(0).toLowerCase() + sentLabel.slice(1);
  const sentTitle = `Messages ${sentWords} ${per}`;
  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {sentTitle}
        </Text>
        <Chart
          title={sentTitle}
          series={[{ name: sentLabel, points: series.map((p) => ({ label: p.period, value: p.sent })) }]}
          format={count}
          height={200}
        />
      </BlockStack>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">{`Attributed revenue ${per}`}</Text>
        <Chart
          title={`Attributed revenue ${per}`}
          series={[{ name: "Revenue", points: series.map((p) => ({ label: p.period, value: Number(p.revenue) })) }]}
          format={(v) => money(v, currency)}
          height={200}
        />
      </BlockStack>
    </InlineGrid>
  );
}

/** Conversion rate per period among messaged and among held-out customers (Polaris Viz lines). */
export function ConversionChart({
  heading,
  points,
  bucket,
  testId,
}: {
  heading: string;
  points: ArmPoint[];
  bucket: string;
  testId: string;
}) {
  const title = `${heading}: conversion rate ${bucket === "week" ? "per week" : "per day"} of messaged and held-out customers`;
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingMd">
        {heading}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Each customer counts in the period they were messaged (or would have been, when held out) and converts with an
        order inside the attribution window. The shaded band around each line is its 95% interval: where the bands
        overlap, the difference may be chance.
      </Text>
      <Chart
        title={title}
        kind="line"
        series={conversionSeries(points)}
        format={(v) => percent(v)}
        testId={testId}
        empty="No messages or holdouts yet."
      />
    </BlockStack>
  );
}

/** Attributed revenue per period, one line per pillar, so the pillars can be compared at a glance. */
export function PillarRevenueChart({
  pillars,
  currency,
  bucket,
}: {
  pillars: { title: string; series: SeriesPoint[] }[];
  currency: string;
  bucket: string;
}) {
  const title = `Attributed revenue per pillar ${bucket === "week" ? "per week" : "per day"}`;
  const series = pillarRevenueSeries(pillars);
  // A line needs periods to connect: a young campaign's few periods read better as grouped bars.
  const kind = (series[0]?.points.length ?? 0) > 14 ? "line" : "bar";
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingMd">
        Revenue per pillar
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Revenue of the orders attributed to each pillar&apos;s messages (placed within the attribution window after a
        message), in the period each order was placed.
      </Text>
      <Chart
        title={title}
        kind={kind}
        rowHeader="Period"
        series={series}
        format={(v) => money(v, currency)}
        testId="chart-pillar-revenue"
        empty="No attributed revenue yet."
      />
    </BlockStack>
  );
}
