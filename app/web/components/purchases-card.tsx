// What the customer buys: orders per product and variant in the rolling windows (computed when the
// page is read), the favourite product and category.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { date } from "~/web/components/format";
import type { CustomerPurchases, PurchaseStat } from "~/profile/purchases.server";

function PurchaseTable({
  label,
  stats,
  windows,
}: {
  label: string;
  stats: PurchaseStat[];
  windows: [number, number, number];
}) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
      headings={[label, ...windows.map((days) => `Orders, ${days} days`), "Orders, all time", "Units", "Last bought"]}
      rows={stats.map((s) => [s.title, ...s.orders, s.ordersTotal, s.units, date(s.lastPurchasedAt)])}
    />
  );
}

export function PurchasesCard({ purchases }: { purchases: CustomerPurchases }) {
  const { products, variants, windows, favouriteProduct, favouriteCategory } = purchases;
  const favourites = [
    favouriteProduct && `Favourite product: ${favouriteProduct}`,
    favouriteCategory && `Favourite category: ${favouriteCategory}`,
  ].filter(Boolean);
  return (
    <Card>
      <div data-testid="customer-purchases">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Purchases
          </Text>
          {products.length === 0 && variants.length === 0 ? (
            <Text as="p" tone="subdued">
              No purchases yet. Cancelled and test orders don't count.
            </Text>
          ) : (
            <>
              {favourites.length > 0 && <Text as="p">{favourites.join(" · ")}</Text>}
              {products.length > 0 && <PurchaseTable label="Product" stats={products} windows={windows} />}
              {variants.length > 0 && <PurchaseTable label="Variant" stats={variants} windows={windows} />}
              <Text as="p" tone="subdued" variant="bodySm">
                Counts are distinct orders, as of now; cancelled and test orders don't count.
              </Text>
            </>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
