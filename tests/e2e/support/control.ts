// The simulator's HTTP control API (simulator/README.md): place orders, read recorded Flow triggers.
export interface RecordedFlowTrigger {
  handle: string;
  customerId: number | string | null;
  payload: Record<string, unknown>;
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export function control(controlUrl: string) {
  return {
    placeOrder: (body: {
      customerId?: string | number;
      lines?: { productId?: string | number; variantId?: string | number; quantity: number }[];
    }) => call<Record<string, unknown>>(`${controlUrl}/orders`, { method: "POST", body: JSON.stringify(body) }),
    recorded: () => call<{ flowTriggers: RecordedFlowTrigger[] } & Record<string, unknown>>(`${controlUrl}/recorded`),
    advanceClock: (body: { days?: number; hours?: number; ms?: number; to?: string }) =>
      call<unknown>(`${controlUrl}/clock/advance`, { method: "POST", body: JSON.stringify(body) }),
  };
}

/**
 * Polls until check returns a value (not undefined), or fails with what it last saw and, given
 * `explain`, what it tells of the state then (support/diagnose.ts).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  everyMs = 1000,
  explain?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const state = explain ? `\n${await explain()}` : "";
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}${state}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
