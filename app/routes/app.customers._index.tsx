import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  Button,
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
import { count, date, money, stageLabel } from "~/web/components/format";
import { routeErrorBoundary } from "~/web/components/route-error";
import { listCustomers } from "~/web/screens/customers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const url = new URL(request.url);
  return listCustomers(await appContext(), shop, {
    query: url.searchParams.get("query"),
    after: url.searchParams.get("after"),
    before: url.searchParams.get("before"),
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
      next.delete("after");
      next.delete("before");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [query, list.query, params, setParams]);
  const goTo = (key: "after" | "before" | null, cursor: string | null) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    next.delete("page");
    if (key && cursor) next.set(key, cursor);
    setParams(next);
  };
  const total = `${count(list.total)}${list.totalIsLowerBound ? "+" : ""}`;
  const shown = list.rows.length ? `${count(list.start)}–${count(list.start + list.rows.length - 1)} of ${total}` : "";
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/customers";
  return (
    <ScreenPage
      title="Customers"
      subtitle={
        list.query
          ? `${list.totalIsLowerBound ? "More than " : ""}${count(list.total)} matching`
          : `${count(list.total)} in your store`
      }
    >
      <Layout>
        <Layout.Section>
          {list.error ? (
            <Box paddingBlockEnd="300">
              <Banner tone="warning">{list.error}</Banner>
            </Box>
          ) : null}
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
                {list.rows.length === 0 && (params.has("after") || params.has("before")) ? (
                  <Button variant="plain" onClick={() => goTo(null, null)}>
                    Back to the first page
                  </Button>
                ) : (
                  <Pagination
                    hasPrevious={list.previousCursor !== null}
                    onPrevious={() => goTo("before", list.previousCursor)}
                    hasNext={list.nextCursor !== null}
                    onNext={() => goTo("after", list.nextCursor)}
                    label={<span data-testid="customers-pagination">{shown}</span>}
                  />
                )}
              </Box>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Customers");
