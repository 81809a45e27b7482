import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, EmptyState, InlineStack, Layout, Select, Tabs, Text } from "@shopify/polaris";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { DownloadButton } from "~/web/components/admin-ui/download-button";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { countOf, percent } from "~/web/components/format";
import { LiftText } from "~/web/components/lift-text";
import { ConversionChart, PillarRevenueChart, SeriesCharts, TotalsGrid } from "~/web/components/report-metrics";
import { routeErrorBoundary } from "~/web/components/route-error";
import { StatusBadge } from "~/web/components/status-badge";
import type { ReferenceRange } from "~/attribution/rules/reference-ranges";
import { reportsView } from "~/web/screens/reports.server";
import { campaignChannels } from "~/delivery/flow-state.server";
import { sentLabel } from "~/delivery/rules/channel-wording";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const url = new URL(request.url);
  const ctx = await reportsContext();
  const view = await reportsView(ctx, shop, {
    campaignId: url.searchParams.get("campaign"),
    bucket: url.searchParams.get("bucket"),
  });
  // "Handed to Shopify", never "Sent", for campaigns on the Flow channels (decision 0181).
  const channels = await campaignChannels(ctx.db, shop);
  const sentLabels = {
    pillars: Object.fromEntries(
      view.pillars.map((p) => [
        p.pillar,
        sentLabel(view.campaigns.filter((c) => c.pillar === p.pillar).map((c) => channels[c.id])),
      ]),
    ),
    selected: view.selected ? sentLabel([channels[view.selected.campaign.id]]) : "Sent",
  };
  return { ...view, sentLabels };
};

function referenceText(r: ReferenceRange): string {
  if (r.kind === "rate") return `${percent(r.low, 0)}–${percent(r.high, 0)} ${r.metric}`;
  if (r.kind === "ctr_multiple") return `${r.low}–${r.high}× ${r.metric}`;
  return `${r.expectation} (${r.metric})`;
}

export default function Reports() {
  const view = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const tab = params.get("campaign") !== null || params.get("tab") === "campaigns" ? 1 : 0;
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { preventScrollReset: true });
  };
  const campaignId = view.selected?.campaign.id ?? "";
  return (
    <ScreenPage
      title="Reports"
      subtitle="Messages, clicks and attributed orders, measured against a holdout group"
      secondaryActions={[
        {
          content: view.bucket === "week" ? "Show by day" : "Show by week",
          onAction: () => update({ bucket: view.bucket === "week" ? "day" : "week" }),
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <div className="rapport-tabs">
              <Tabs
                tabs={[
                  { id: "pillars", content: "By pillar" },
                  { id: "campaigns", content: "By campaign" },
                ]}
                selected={tab}
                onSelect={(i) => update(i === 0 ? { tab: null, campaign: null } : { tab: "campaigns" })}
              />
            </div>
          </Card>
        </Layout.Section>
        {tab === 0 ? (
          <Layout.Section>
            <Card>
              <ConversionChart
                heading="Conversion over time, all campaigns"
                points={view.arms}
                bucket={view.bucket}
                testId="chart-conversion"
              />
            </Card>
          </Layout.Section>
        ) : null}
        {tab === 0 ? (
          <Layout.Section>
            <Card>
              <PillarRevenueChart pillars={view.pillars} currency={view.currency} bucket={view.bucket} />
            </Card>
          </Layout.Section>
        ) : null}
        {tab === 0 ? (
          view.pillars.map((p) => (
            <Layout.Section key={p.pillar}>
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {p.title}
                    </Text>
                    <Text as="span" tone="subdued">
                      {countOf(p.campaigns, "campaign")}
                    </Text>
                  </InlineStack>
                  <TotalsGrid
                    totals={p.totals}
                    currency={view.currency}
                    sentLabel={view.sentLabels.pillars[p.pillar]}
                  />
                  <LiftText lift={p.lift} currency={view.currency} />
                  <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                    <Text as="p" variant="bodySm">
                      <Text as="span" fontWeight="semibold">
                        What other stores report:{" "}
                      </Text>
                      {referenceText(p.reference)}. Context from published results, not a forecast.
                    </Text>
                  </Box>
                  {p.totals.sent > 0 ? (
                    <SeriesCharts
                      series={p.series}
                      currency={view.currency}
                      bucket={view.bucket}
                      sentLabel={view.sentLabels.pillars[p.pillar]}
                    />
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.Section>
          ))
        ) : view.campaigns.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading="No campaigns to report on yet"
                image=""
                action={{ content: "Create campaign", url: "/app/campaigns/new" }}
              >
                <p>Results appear here once a campaign has sent its first messages.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <Layout.Section>
            <Card>
              <BlockStack gap="400">
                <InlineStack align="space-between" blockAlign="end" gap="300">
                  <Box minWidth="280px">
                    <Select
                      label="Campaign"
                      options={[
                        { value: "", label: "Choose a campaign" },
                        ...view.campaigns.map((c) => ({ value: c.id, label: c.name })),
                      ]}
                      value={campaignId}
                      onChange={(id) => update({ campaign: id || null, tab: "campaigns" })}
                    />
                  </Box>
                  {view.selected ? (
                    <DownloadButton
                      url={`/app/reports/${campaignId}/csv`}
                      filename={`rapport-campaign-${campaignId}.csv`}
                    >
                      Export CSV
                    </DownloadButton>
                  ) : null}
                </InlineStack>
                {view.selected ? (
                  <BlockStack gap="400">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {view.selected.campaign.name}
                      </Text>
                      <StatusBadge status={view.selected.campaign.status} />
                    </InlineStack>
                    <TotalsGrid
                      totals={view.selected.totals}
                      currency={view.currency}
                      sentLabel={view.sentLabels.selected}
                    />
                    <LiftText lift={view.selected.lift} currency={view.currency} />
                    <Text as="p" tone="subdued" variant="bodySm">
                      {view.selected.rule}
                    </Text>
                    <ConversionChart
                      heading="Conversion over time"
                      points={view.selectedArms}
                      bucket={view.bucket}
                      testId="chart-campaign-conversion"
                    />
                    <SeriesCharts
                      series={view.selected.series}
                      currency={view.currency}
                      bucket={view.bucket}
                      sentLabel={view.sentLabels.selected}
                    />
                  </BlockStack>
                ) : params.get("campaign") ? (
                  <Banner tone="warning" title="That campaign was not found">
                    It may have been deleted.
                  </Banner>
                ) : (
                  <Text as="p" tone="subdued">
                    Choose a campaign to see its results.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Reports");
