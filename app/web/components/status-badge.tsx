import { Badge } from "@shopify/polaris";

export function StatusBadge({ status }: { status: string }) {
  if (status === "active") return <Badge tone="success">Active</Badge>;
  if (status === "paused") return <Badge tone="warning">Paused</Badge>;
  return <Badge tone="info">Draft</Badge>;
}
