// Public credentials of the test suite's simulated app. The secret is published in this repo, so
// it is never a fallback outside RAPPORT_MODE=test: `npm run demo` generates a random secret per
// run and hands it to both the simulator and the app (decision 0111).
export const DEMO_API_KEY = "rapport-demo-api-key";
export const DEMO_API_SECRET = "rapport-demo-api-secret";
