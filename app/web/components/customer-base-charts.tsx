// Home's view of the customer base as a whole: customers by lifecycle stage, the distribution of
// predicted customer lifetime value, the RFM grid and the predicted revenue of the next 90 days,
// each a picture with its data table.
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { bandLabel } from "~/web/screens/home-charts";
import type { HomeCharts } from "~/web/screens/home-charts.server";
import { Chart } from "./charts/chart";
import { count, countOf, money, stageLabel } from "./format";
import { RfmGridTable } from "./rfm-grid";

export function CustomerBaseCharts({ charts, currency }: { charts: HomeCharts; currency: string }) {
  const whole = (v: number) => money(v, currency).replace(/\.00$/, "");
  const clv = charts.clv.map((band) => ({ label: bandLabel(band, whole), value: band.customers }));
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
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Customers by recency and frequency
          </Text>
          {charts.rfm.total > 0 ? (
            <RfmGridTable grid={charts.rfm} testId="rfm-grid" />
          ) : (
            <Text as="p" tone="subdued">
              The grid fills in once customers have placed orders.
            </Text>
          )}
        </BlockStack>
      </Card>
      <PredictedRevenueCard revenue={charts.revenue90} currency={currency} />
    </InlineGrid>
  );
}

function PredictedRevenueCard({ revenue, currency }: { revenue: HomeCharts["revenue90"]; currency: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Predicted revenue, next 90 days
        </Text>
        {revenue.predicted > 0 ? (
          <>
            <span data-testid="revenue90-total">
              <Text as="p" variant="headingLg">
                {money(revenue.total, currency)}
              </Text>
            </span>
            <Text as="p" variant="bodySm" tone="subdued">
              {`A prediction, not a promise: for ${countOf(revenue.predicted, "customer")}, the orders the lifetime value model expects in the next 90 days times the order value it expects, from their order history so far.`}
            </Text>
          </>
        ) : null}
        <Chart
          title="Predicted revenue in the next 90 days by lifecycle stage"
          testId="chart-revenue90"
          series={
            revenue.predicted > 0
              ? [
                  {
                    name: "Predicted revenue",
                    points: revenue.stages.map((s) => ({ label: stageLabel(s.stage), value: s.revenue })),
                  },
                ]
              : []
          }
          format={(v) => money(v, currency)}
          empty="No prediction yet: the model needs more customers with repeat orders."
        />
      </BlockStack>
    </Card>
  );
}
