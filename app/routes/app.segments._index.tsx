import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Text,
} from "@shopify/polaris";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { PILLARS } from "~/segments/rules/pillars";
import { count, date } from "~/web/components/format";
import { formatPercent } from "~/shared/format";
import { routeErrorBoundary } from "~/web/components/route-error";
import { segmentsList } from "~/web/screens/segments.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  return { segments: await segmentsList(await reportsContext(), shop) };
};

const pillarTitle = (id: string | null) => PILLARS.find((p) => p.id === id)?.title;

export default function Segments() {
  const { segments } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <ScreenPage
      title="Segments"
      subtitle="Groups of customers defined by rules"
      primaryAction={{ content: "Create segment", url: "/app/segments/new" }}
    >
      <Layout>
        {segments.some((s) => s.share.warning) ? (
          <Layout.Section>
            <div data-testid="segments-share-warning">
              <Banner tone="warning" title="A VIP segment is too broad">
                <List>
                  {segments
                    .filter((s) => s.share.warning)
                    .map((s) => (
                      <List.Item key={s.id}>{`${s.name}: ${s.share.warning}`}</List.Item>
                    ))}
                </List>
              </Banner>
            </div>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            {segments.length === 0 ? (
              <EmptyState
                heading="Build your first segment"
                image=""
                action={{ content: "Create segment", url: "/app/segments/new" }}
              >
                <p>Start from scratch, or from one of the pillar templates below.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "segment", plural: "segments" }}
                itemCount={segments.length}
                selectable={false}
                headings={[
                  { title: "Name" },
                  { title: "Pillar" },
                  { title: "Customers", alignment: "end" },
                  { title: "Share of store", alignment: "end" },
                  { title: "Updated" },
                ]}
              >
                {segments.map((s, index) => (
                  <IndexTable.Row
                    id={s.id}
                    key={s.id}
                    position={index}
                    onClick={() => navigate(`/app/segments/${s.id}`)}
                  >
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {s.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {s.pillar ? <Badge>{pillarTitle(s.pillar) ?? s.pillar}</Badge> : "—"}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {count(s.members)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="100" inlineAlign="end">
                        <Text as="span" alignment="end" numeric>
                          {s.share.share === null ? "—" : formatPercent(s.share.share)}
                        </Text>
                        {s.share.warning ? <Badge tone="warning">Too broad for VIP</Badge> : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{date(s.updatedAt)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Start from a pillar
              </Text>
              {PILLARS.map((p) => (
                <InlineStack key={p.id} align="space-between" blockAlign="center" wrap={false} gap="300">
                  <BlockStack gap="050">
                    <Text as="h3" variant="headingSm">
                      {p.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {p.description}
                    </Text>
                  </BlockStack>
                  <Button url={`/app/segments/new?pillar=${p.id}`} accessibilityLabel={`Use template: ${p.title}`}>
                    Use template
                  </Button>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Segments");
