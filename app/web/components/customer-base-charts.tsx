// Home's view of the customer base as a whole: customers by lifecycle stage and the distribution
// of predicted customer lifetime value, each a Polaris Viz chart with its data table.
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { bandLabel } from "~/web/screens/home-charts";
import type { HomeCharts } from "~/web/screens/home-charts.server";
import { Chart } from "./charts/chart";
import { count, countOf, money, stageLabel } from "./format";

export function CustomerBaseCharts({ charts, currency }: { charts: HomeCharts; currency: string }) {
  const clv = charts.clv.map((band) => ({
    label: bandLabel(band, (v) => money(v, currency).replace(/\.00$/, "")),
    value: band.customers,
  }));
  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Customers by lifecycle stage
          </Text>
          <Chart
            title="Customers by lifecycle stage"
            testId="chart-lifecycle"
            series={[
              {
                name: "Customers",
                points: charts.stages.map((s) => ({ label: stageLabel(s.stage), value: s.customers })),
              },
            ]}
            format={count}
          />
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Predicted lifetime value
          </Text>
          <Chart
            title="Customers by predicted lifetime value"
            testId="chart-clv"
            series={[{ name: "Customers", points: clv }]}
            format={count}
          />
          {charts.clvUnpredicted > 0 ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {`${countOf(charts.clvUnpredicted, "customer")} without a prediction yet (too little order history).`}
            </Text>
          ) : null}
        </BlockStack>
      </Card>
    </InlineGrid>
  );
}
