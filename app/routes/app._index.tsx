import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { count, countOf, money, percent } from "~/web/components/format";
import { routeErrorBoundary } from "~/web/components/route-error";
import { CustomerBaseCharts } from "~/web/components/customer-base-charts";
import { SetupGuideCard } from "~/web/components/setup-guide-card";
import { SyncCard } from "~/web/components/sync-card";
import { useToast } from "~/web/components/toast";
import { usePoll } from "~/web/components/use-poll";
import { homeView, type PillarCard } from "~/web/screens/home.server";
import { parseGuideIntent } from "~/web/screens/setup-guide";
import { applyGuideIntent } from "~/web/screens/setup-guide.server";
import { requestBackfill } from "~/web/screens/sync.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  return homeView(await appContext(), shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const ctx = await appContext();
  const form = await request.formData();
  if (form.get("form") === "guide") {
    const intent = parseGuideIntent(form.get("intent"));
    if (!intent) return new Response("Unknown guide action", { status: 400 });
    await applyGuideIntent(ctx.db, shop, intent);
    return { ok: true, guide: true };
  }
  await requestBackfill(ctx, shop);
  return { ok: true, guide: false };
};

export default function Home() {
  const view = useLoaderData<typeof loader>();
  const sync = useFetcher<typeof action>();
  const toast = useToast();
  const running = view.sync?.status === "running" || view.sync?.status === "queued";
  usePoll(running);
  useEffect(() => {
    if (sync.state === "idle" && sync.data?.ok && !sync.data.guide) toast.show("Sync started");
  }, [sync.state, sync.data, toast]);
  const starting = sync.state !== "idle";
  return (
    <ScreenPage
      title="Home"
      subtitle="Personal messages for your customers, grouped in four pillars"
      primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}
      secondaryActions={[
        {
          content: "Sync now",
          loading: starting,
          disabled: running || starting,
          onAction: () => sync.submit({}, { method: "post" }),
        },
      ]}
    >
      <Layout>
        {view.guide.display === "hidden" ? null : (
          <Layout.Section>
            <SetupGuideCard guide={view.guide} />
          </Layout.Section>
        )}
        <Layout.Section>
          <div id="sync" />
          <SyncCard sync={view.sync} customers={view.customers} profiles={view.profilesComputed} />
        </Layout.Section>
        <Layout.Section>
          {view.customers === 0 ? (
            <Card>
              <EmptyState
                heading="Your pillars appear after the first sync"
                image=""
                action={
                  running ? undefined : { content: "Sync now", onAction: () => sync.submit({}, { method: "post" }) }
                }
              >
                <p>Rapport reads your customers, products and orders, then groups customers into the four pillars.</p>
              </EmptyState>
            </Card>
          ) : (
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {view.pillars.map((pillar) => (
                <PillarSummary key={pillar.id} pillar={pillar} currency={view.currency} />
              ))}
            </InlineGrid>
          )}
        </Layout.Section>
        {view.charts ? (
          <Layout.Section>
            <CustomerBaseCharts charts={view.charts} currency={view.currency} />
          </Layout.Section>
        ) : null}
      </Layout>
    </ScreenPage>
  );
}

function PillarSummary({ pillar, currency }: { pillar: PillarCard; currency: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
          <Text as="h2" variant="headingMd">
            {pillar.title}
          </Text>
          {pillar.activeCampaigns > 0 ? (
            <Badge tone="success">{`${pillar.activeCampaigns} active`}</Badge>
          ) : (
            <Badge>No active campaign</Badge>
          )}
        </InlineStack>
        <Text as="p" tone="subdued">
          {pillar.description}
        </Text>
        <InlineGrid columns={3} gap="200">
          <Metric
            label="In segment"
            value={count(pillar.segmentSize)}
            detail={pillar.filling ? "Filling in as return details arrive" : (pillar.segmentShare?.text ?? undefined)}
            testId={`pillar-${pillar.id}-size`}
          />
          <Metric label="Messages sent" value={count(pillar.totals.sent)} />
          <Metric label="Attributed revenue" value={money(pillar.totals.revenue, currency)} />
        </InlineGrid>
        {pillar.segmentShare?.warning ? (
          <div data-testid={`pillar-${pillar.id}-share-warning`}>
            <Banner tone="warning">{pillar.segmentShare.warning}</Banner>
          </div>
        ) : null}
        <Text as="p" tone="subdued">
          {pillar.totals.sent > 0
            ? `Conversion rate ${percent(pillar.totals.conversionRate)} · ${countOf(pillar.totals.orders, "order")}`
            : "No results yet."}
        </Text>
        <InlineStack gap="200">
          <Button
            url={`/app/campaigns/new?pillar=${pillar.id}`}
            accessibilityLabel={`Create campaign: ${pillar.title}`}
          >
            Create campaign
          </Button>
          <Button
            variant="plain"
            url={`/app/reports?pillar=${pillar.id}`}
            accessibilityLabel={`View report: ${pillar.title}`}
          >
            View report
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function Metric({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <span data-testid={testId}>
        <Text as="span" variant="headingLg">
          {value}
        </Text>
      </span>
      {detail ? (
        <span data-testid={testId ? `${testId}-share` : undefined}>
          <Text as="span" variant="bodySm" tone="subdued">
            {detail}
          </Text>
        </span>
      ) : null}
    </BlockStack>
  );
}

export const ErrorBoundary = routeErrorBoundary("Home");
