// Customer data requests (GDPR): each report, to download and pass on to the customer. The download
// is a fetch carrying the App Bridge session token (inside the admin a plain link would be sent to
// the login page), saved through a blob URL.
import { Badge, BlockStack, Button, Card, DataTable, Text } from "@shopify/polaris";
import { useState } from "react";
import type { DataRequestRow } from "~/screens/data-requests.server";
import { useToast } from "../toast";
import { date, dateTime } from "../format";

interface AppBridgeGlobal {
  shopify?: { idToken: () => Promise<string> };
}

async function download(id: string): Promise<void> {
  const bridge = (globalThis as AppBridgeGlobal).shopify;
  const headers: Record<string, string> = bridge ? { Authorization: `Bearer ${await bridge.idToken()}` } : {};
  const response = await fetch(`/app/data-requests/${encodeURIComponent(id)}`, { headers });
  if (!response.ok) throw new Error(`download failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `data-request-${id}.json`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function DataRequestsCard({ requests }: { requests: DataRequestRow[] }) {
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const onDownload = (id: string) => {
    setBusy(id);
    download(id)
      .catch(() => toast.show("The download failed; reload the page and try again", { error: true }))
      .finally(() => setBusy(null));
  };
  const rows = requests.map((r) => [
    r.customer,
    dateTime(r.requestedAt),
    r.status === "downloaded" ? <Badge tone="success">{`Downloaded ${date(r.downloadedAt)}`}</Badge> : <Badge tone="attention">Ready</Badge>,
    date(r.expiresAt),
    <Button key={r.id} size="slim" loading={busy === r.id} onClick={() => onDownload(r.id)} accessibilityLabel={`Download the data of ${r.customer}`}>
      Download JSON
    </Button>,
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Customer data requests</Text>
        {requests.length === 0 ? (
          <Text as="p" tone="subdued">No customer has asked for their data.</Text>
        ) : (
          <DataTable columnContentTypes={["text", "text", "text", "text", "text"]} headings={["Customer", "Requested", "Status", "Deleted on", ""]} rows={rows} />
        )}
      </BlockStack>
    </Card>
  );
}
