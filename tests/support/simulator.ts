// Starts a small local Shopify for a test and gives the app's real Admin client pointed at it.
import { createAdminApiClient, type AdminApiClient } from "@shopify/admin-api-client";
import { startSimulator, type Simulator, type SimulatorOptions } from "~sim/index";
import { simulatorFetch } from "~sim/fetch";
import { DEMO_API_KEY, DEMO_API_SECRET } from "~/shopify/demo-credentials";
import type { RefreshFn } from "~/shopify/offline-tokens.server";
import { libraryRefresh } from "~/shopify/token-refresh.server";

export interface TestSimulator {
  sim: Simulator;
  /** @shopify/admin-api-client pointed at the simulator (storeDomain = sim.shop). */
  client: AdminApiClient;
  /** Minimal AdminGraphql-shaped helper: resolves `data`, throws on GraphQL `errors`. */
  admin: { request<T>(document: string, variables?: Record<string, unknown>): Promise<T> };
  stop: () => Promise<void>;
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ customers: 60, seed: 1, ...options });
  const client = createAdminApiClient({
    storeDomain: sim.shop,
    apiVersion: sim.apiVersion,
    accessToken: sim.accessToken,
    customFetchApi: simulatorFetch(sim.url),
  });
  return {
    sim,
    client,
    admin: {
      async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
        const res = await client.request<T>(document, { variables });
        if (res.errors) throw new Error(`GraphQL error: ${JSON.stringify(res.errors)}`);
        return res.data as T;
      },
    },
    stop: () => sim.stop(),
  };
}

export { simulatorFetch };

/**
 * The library's offline-token refresh (the app's own, token-refresh.server.ts) sent to this
 * simulator. The library's transport is process-wide: the latest simulator wins.
 */
export function simulatorRefresh(sim: Simulator): RefreshFn {
  return libraryRefresh({
    apiKey: DEMO_API_KEY,
    apiSecretKey: DEMO_API_SECRET,
    appUrl: "http://localhost:3000",
    fetch: sim.fetch as typeof fetch,
  });
}

/** Admin factory options for the app's real client against this simulator, refreshing expiring tokens. */
export function simulatorAdmin(sim: Simulator): { endpoint: string; refresh: RefreshFn } {
  return { endpoint: sim.url, refresh: simulatorRefresh(sim) };
}
