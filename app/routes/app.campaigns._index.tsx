import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Layout, Text } from "@shopify/polaris";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { count, money } from "~/web/components/format";
import { LiftText } from "~/web/components/lift-text";
import { routeErrorBoundary } from "~/web/components/route-error";
import { StatusBadge } from "~/web/components/status-badge";
import { campaignsList } from "~/web/screens/campaigns.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  return { campaigns: await campaignsList(await appContext(), shop) };
};

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <ScreenPage
      title="Campaigns"
      subtitle="Personal messages sent when a customer enters a pillar"
      primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {campaigns.length === 0 ? (
              <EmptyState
                heading="Create your first campaign"
                image=""
                action={{ content: "Create campaign", url: "/app/campaigns/new" }}
              >
                <p>
                  Start from a pillar template: the message, audience and guardrails are ready, and you can edit
                  everything before activating it.
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "campaign", plural: "campaigns" }}
                itemCount={campaigns.length}
                selectable={false}
                headings={[
                  { title: "Campaign" },
                  { title: "Pillar" },
                  { title: "Status" },
                  { title: "Sent", alignment: "end" },
                  { title: "Converted", alignment: "end" },
                  { title: "Revenue", alignment: "end" },
                  { title: "Lift" },
                ]}
              >
                {campaigns.map((c, index) => (
                  <IndexTable.Row
                    id={c.id}
                    key={c.id}
                    position={index}
                    onClick={() => navigate(`/app/campaigns/${c.id}`)}
                  >
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {c.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge>{c.pillarTitle}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <StatusBadge status={c.status} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {count(c.totals.sent)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {count(c.totals.converted)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {money(c.totals.revenue)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <LiftText lift={c.lift} compact />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Campaigns");
