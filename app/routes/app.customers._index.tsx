import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Pagination,
  Text,
  TextField,
  BlockStack,
  Box,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { date, money, stageLabel } from "~/web/components/format";
import { routeErrorBoundary } from "~/web/components/route-error";
import { listCustomers } from "~/web/screens/customers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const url = new URL(request.url);
  return listCustomers(await appContext(), shop, {
    query: url.searchParams.get("query"),
    page: Number(url.searchParams.get("page") ?? "1") || 1,
  });
};

export default function Customers() {
  const list = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [query, setQuery] = useState(list.query);
  // Search as the merchant types, without a request per keystroke.
  useEffect(() => {
    if (query.trim() === list.query) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (query.trim()) next.set("query", query.trim());
      else next.delete("query");
      next.delete("page");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [query, list.query, params, setParams]);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const goTo = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    setParams(next);
  };
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/customers";
  return (
    <ScreenPage
      title="Customers"
      subtitle={`${list.total.toLocaleString("en-US")} ${list.query ? "matching" : "in your store"}`}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <Box padding="300">
                <TextField
                  label="Search customers"
                  labelHidden
                  placeholder="Search by name or email"
                  value={query}
                  onChange={setQuery}
                  clearButton
                  onClearButtonClick={() => setQuery("")}
                  autoComplete="off"
                />
              </Box>
              {list.rows.length === 0 ? (
                <EmptyState heading={list.query ? "No customers match your search" : "No customers yet"} image="">
                  <p>
                    {list.query
                      ? "Try a different name or email address."
                      : "Customers appear here once Rapport has synced your store."}
                  </p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "customer", plural: "customers" }}
                  itemCount={list.rows.length}
                  selectable={false}
                  loading={loading}
                  headings={[
                    { title: "Customer" },
                    { title: "Orders", alignment: "end" },
                    { title: "Net spend", alignment: "end" },
                    { title: "Last order" },
                    { title: "RFM" },
                    { title: "Stage" },
                  ]}
                >
                  {list.rows.map((row, index) => (
                    <IndexTable.Row
                      id={row.id}
                      key={row.id}
                      position={index}
                      onClick={() => navigate(`/app/customers/${row.id}`)}
                    >
                      <IndexTable.Cell>
                        <BlockStack>
                          <Text as="span" fontWeight="semibold">
                            {row.name}
                          </Text>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {row.email ?? "No email"}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {row.orderCount ?? "—"}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {money(row.netSpend, list.currency)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{date(row.lastOrderAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{row.rfm ?? "—"}</IndexTable.Cell>
                      <IndexTable.Cell>{row.stage ? <Badge>{stageLabel(row.stage)}</Badge> : "—"}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
              <Box padding="300">
                <Pagination
                  hasPrevious={list.page > 1}
                  onPrevious={() => goTo(list.page - 1)}
                  hasNext={list.page < pages}
                  onNext={() => goTo(list.page + 1)}
                  label={`Page ${list.page} of ${pages}`}
                />
              </Box>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Customers");
