// Fixed credentials of the demo app: the local simulator signs its webhooks with this secret.
// They identify no real Partner app, and demo mode refuses any non-loopback Shopify traffic.
export const DEMO_API_KEY = "rapport-demo-api-key";
export const DEMO_API_SECRET = "rapport-demo-api-secret";
