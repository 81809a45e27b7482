// Fires the "Rapport message" Flow trigger (extensions/rapport-message). Shopify answers HTTP 200
// with userErrors for a bad handle or an oversized payload, so callers must check them.

export const FLOW_TRIGGER_RECEIVE = `mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
  flowTriggerReceive(handle: $handle, payload: $payload) {
    userErrors { field message }
  }
}`;
