// Customer data requests (GDPR): each report, to download and pass on to the customer. The download
// is a fetch carrying the App Bridge session token (admin-ui/download-button: inside the admin a
// plain link would be sent to the login page).
import { Badge, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { DataRequestRow } from "~/web/screens/data-requests.server";
import { DownloadButton } from "~/web/components/admin-ui/download-button";
import { date, dateTime } from "~/web/components/format";

export function DataRequestsCard({ requests }: { requests: DataRequestRow[] }) {
  const rows = requests.map((r) => [
    r.customer,
    dateTime(r.requestedAt),
    r.status === "downloaded" ? (
      <Badge tone="success">{`Downloaded ${date(r.downloadedAt)}`}</Badge>
    ) : (
      <Badge tone="attention">Ready</Badge>
    ),
    date(r.expiresAt),
    <DownloadButton
      key={r.id}
      url={`/app/data-requests/${encodeURIComponent(r.id)}`}
      filename={`data-request-${r.id}.json`}
      size="slim"
      accessibilityLabel={`Download the data of ${r.customer}`}
    >
      Download JSON
    </DownloadButton>,
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Customer data requests
        </Text>
        {requests.length === 0 ? (
          <Text as="p" tone="subdued">
            No customer has asked for their data.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Customer", "Requested", "Status", "Deleted on", ""]}
            rows={rows}
          />
        )}
      </BlockStack>
    </Card>
  );
}
