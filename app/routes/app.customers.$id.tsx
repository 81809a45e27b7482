import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineGrid, Layout, Text } from "@shopify/polaris";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { ExplanationTree } from "~/web/components/explanation-tree";
import { PurchasesCard } from "~/web/components/purchases-card";
import { TableCard } from "~/web/components/table-card";
import { count, date, dateTime, money, percent, stageLabel, titleCase } from "~/web/components/format";
import { routeErrorBoundary } from "~/web/components/route-error";
import { parseShopifyId } from "~/shared/ids";
import { customerDetail, type CustomerDetail } from "~/web/screens/customer.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = parseShopifyId(params.id);
  const detail = id && (await customerDetail(await appContext(), shop, id.toString()));
  if (!detail)
    throw new Response("This customer doesn't exist or their data was erased at their request.", { status: 404 });
  return detail;
};

const messageTone = (status: string) =>
  status === "sent"
    ? "success"
    : status === "failed"
      ? "critical"
      : status === "pending" || status === "deferred"
        ? "attention"
        : undefined;

/** A reason code ("frequency_cap") in words; an error message from a provider stays as written. */
const reasonWords = (reason: string) => (/^[a-z0-9_]+$/.test(reason) ? titleCase(reason) : reason);

export default function CustomerPage() {
  const c = useLoaderData<typeof loader>();
  return (
    <ScreenPage
      title={c.name}
      subtitle={c.email ?? undefined}
      backAction={{ content: "Customers", url: "/app/customers" }}
      titleMetadata={<Badge>{stageLabel(c.profile?.stage ?? "prospect")}</Badge>}
    >
      <Layout>
        <Layout.Section>
          <ProfileCard c={c} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Segments and pillars
              </Text>
              {c.memberships.length === 0 ? (
                <Text as="p" tone="subdued">
                  This customer isn't in any pillar or saved segment right now.
                </Text>
              ) : (
                c.memberships.map((m) => (
                  <BlockStack key={`${m.kind}-${m.name}`} gap="200">
                    <Text as="h3" variant="headingSm">{`${m.name}${m.kind === "pillar" ? " (pillar)" : ""}`}</Text>
                    <ExplanationTree explanation={m.explanation} />
                  </BlockStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <PurchasesCard purchases={c.purchases} />
        </Layout.Section>
        <Layout.Section>
          <TableCard
            title="Orders"
            empty="No orders yet."
            columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
            headings={["Order", "Date", "Items", "Total", "Refunded"]}
            rows={c.orders.map((o) => [
              o.cancelled ? `${o.name} (cancelled)` : o.name,
              date(o.processedAt),
              o.items || "—",
              money(o.total, c.currency),
              Number(o.refunded) > 0 ? money(o.refunded, c.currency) : "—",
            ])}
          />
        </Layout.Section>
        <Layout.Section>
          <TableCard
            title="Returns"
            empty="No returns."
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Return", "Date", "Items", "Reason"]}
            rows={c.returns.map((r) => [
              `${r.name} (${titleCase(r.status)})`,
              date(r.createdAt),
              r.items.map((i) => `${i.title} × ${i.quantity}`).join(", ") || "—",
              r.items
                .map((i) => [i.reason, i.note].filter(Boolean).join(": "))
                .filter(Boolean)
                .join("; ") || "—",
            ])}
          />
        </Layout.Section>
        <Layout.Section>
          <TableCard
            title="Messages"
            empty="No messages yet. Messages from your campaigns to this customer will be listed here."
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Campaign", "Subject", "Status", "When"]}
            rows={c.messages.map((m) => [
              m.campaign,
              m.subject || "—",
              <Badge key={m.id} tone={messageTone(m.status)}>
                {m.reason ? `${titleCase(m.status)}: ${reasonWords(m.reason)}` : titleCase(m.status)}
              </Badge>,
              dateTime(m.sentAt ?? m.scheduledFor),
            ])}
          />
        </Layout.Section>
      </Layout>
    </ScreenPage>
  );
}

function ProfileCard({ c }: { c: CustomerDetail }) {
  const p = c.profile;
  const cells: [string, string][] = p
    ? [
        ["Orders", count(p.orderCount)],
        ["Net spend", money(p.netSpend, c.currency)],
        ["Average order", money(p.aov, c.currency)],
        ["First order", date(p.firstOrderAt)],
        ["Last order", date(p.lastOrderAt)],
        ["RFM score", p.rfm ?? "—"],
        [
          "Predicted lifetime value",
          p.predictedClv === null ? (c.clvNote ?? "Not enough data yet") : money(p.predictedClv, c.currency),
        ],
        [
          "Probability still active",
          p.probabilityAlive === null ? "Not enough data yet" : percent(p.probabilityAlive, 0),
        ],
        ["Usual size", p.usualSize ?? "—"],
      ]
    : [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Profile
        </Text>
        {p ? (
          <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
            {cells.map(([label, value]) => (
              <BlockStack key={label} gap="050">
                <Text as="span" variant="bodySm" tone="subdued">
                  {label}
                </Text>
                <Text as="span" variant="bodyLg" fontWeight="semibold">
                  {value}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        ) : (
          <Text as="p" tone="subdued">
            Not enough data yet: the profile is computed after the customer's first order is synced.
          </Text>
        )}
        <Text as="p" tone="subdued" variant="bodySm">
          {`Email marketing: ${titleCase(c.emailMarketing)} · Customer since ${date(c.createdAt)}${c.tags.length ? ` · Tags: ${c.tags.join(", ")}` : ""}${p ? ` · Profile computed ${dateTime(p.computedAt)}` : ""}`}
        </Text>
      </BlockStack>
    </Card>
  );
}

export const ErrorBoundary = routeErrorBoundary("Customer");
