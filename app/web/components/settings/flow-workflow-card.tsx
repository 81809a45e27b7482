// Whether a Shopify Flow workflow / marketing automation using the "Rapport message" trigger is
// turned on, as Flow's lifecycle callback last said (decision 0180). Campaigns on the Shopify
// Email and Flow channels can go live only while it is.
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { dateTime } from "~/web/components/format";

export interface FlowWorkflowView {
  /** null: Flow has never called (no workflow using the trigger was ever turned on). */
  on: boolean | null;
  since: string | null;
}

export function FlowWorkflowCard({ state }: { state: FlowWorkflowView }) {
  const line =
    state.on === null
      ? "A Shopify Flow workflow / marketing automation using the Rapport trigger is off: Shopify has not reported one yet."
      : `A Shopify Flow workflow / marketing automation using the Rapport trigger is ${state.on ? "on" : "off"}, since ${dateTime(state.since)}.`;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Shopify Flow
          </Text>
          {state.on ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
        </InlineStack>
        <Text as="p">{line}</Text>
        <Text as="p" tone="subdued">
          Campaigns on the Shopify Email and Flow channels go live only while one is on. Shopify tells Rapport when you
          turn such a workflow on or off.
        </Text>
      </BlockStack>
    </Card>
  );
}
