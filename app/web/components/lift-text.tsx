// Holdout lift as the merchant reads it: the difference with its 95% interval, or "not enough data yet".
import { BlockStack, Text } from "@shopify/polaris";
import type { Estimate, Lift } from "~/attribution/rules/lift";
import { money } from "./format";

const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pts`;

export function estimateText(e: Estimate, format: (x: number) => string): string {
  if (e.status !== "ok") return "Not enough data yet";
  return `${format(e.difference)} (95% CI ${format(e.interval.low)} to ${format(e.interval.high)})`;
}

/** currency: the shop's; revenue differences are money in it ("+¥120", "-$1.50"). */
export function LiftText({
  lift,
  compact = false,
  currency = "USD",
}: {
  lift: Lift;
  compact?: boolean;
  currency?: string;
}) {
  const revenue = (x: number) => money(x, currency, { signed: true });
  if (compact) {
    return (
      <Text as="span" tone={lift.conversionRate.status === "ok" ? undefined : "subdued"}>
        {estimateText(lift.conversionRate, points)}
      </Text>
    );
  }
  return (
    <BlockStack gap="100">
      <Text as="p">
        <Text as="span" fontWeight="semibold">
          Conversion rate lift:{" "}
        </Text>
        {estimateText(lift.conversionRate, points)}
      </Text>
      <Text as="p">
        <Text as="span" fontWeight="semibold">
          Revenue per customer lift:{" "}
        </Text>
        {estimateText(lift.revenuePerCustomer, revenue)}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        {`${lift.messagedCustomers} messaged vs ${lift.holdoutCustomers} held out.`}
        {lift.conversionRate.status === "insufficient" ? ` Lift ${lift.conversionRate.reason}.` : ""}
      </Text>
    </BlockStack>
  );
}
