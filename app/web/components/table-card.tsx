// A titled card holding one table, or a line saying why it is empty (the customer page's orders,
// returns and messages).
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { ComponentProps, ReactNode } from "react";

type DataTableProps = ComponentProps<typeof DataTable>;

export function TableCard({
  title,
  empty,
  columnContentTypes,
  headings,
  rows,
}: {
  title: string;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  columnContentTypes: DataTableProps["columnContentTypes"];
  headings: DataTableProps["headings"];
  rows: DataTableProps["rows"];
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          <DataTable columnContentTypes={columnContentTypes} headings={headings} rows={rows} />
        )}
      </BlockStack>
    </Card>
  );
}
