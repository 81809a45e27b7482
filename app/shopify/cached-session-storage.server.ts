// Session storage with a short read cache. authenticate.webhook loads the shop's offline session
// for every delivery; at a burst of 1,000 webhooks/s that is 1,000 identical queries a second
// against the pool the intake needs (docs/decisions/0081-webhook-fast-path.md). Writes and deletes
// in this process take effect at once; another process's change is seen within `ttlMs`, and the
// webhook route uses only the shop from the session, never its token.
import { Session } from "@shopify/shopify-api";

export interface SessionStore {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

interface Entry {
  until: number;
  value: Promise<Session | undefined>;
}

// Each caller gets its own copy: the library may change a session it was handed (token refresh).
const copy = (session: Session | undefined): Session | undefined =>
  session ? new Session(session.toObject()) : undefined;

export function cachedSessionStorage(
  inner: SessionStore,
  options: { ttlMs?: number; now?: () => number } = {},
): SessionStore {
  const ttlMs = options.ttlMs ?? 2_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  const forget = (ids: string[]) => {
    for (const id of ids) cache.delete(id);
  };

  return {
    loadSession: async (id) => {
      const hit = cache.get(id);
      if (hit && hit.until > now()) return copy(await hit.value);
      // Concurrent loads of one id share the query; a failed load is not cached.
      const value = inner.loadSession(id);
      cache.set(id, { until: now() + ttlMs, value });
      value.catch(() => cache.delete(id));
      return copy(await value);
    },
    storeSession: async (session) => {
      forget([session.id]);
      const stored = await inner.storeSession(session);
      forget([session.id]);
      return stored;
    },
    deleteSession: async (id) => {
      forget([id]);
      const deleted = await inner.deleteSession(id);
      forget([id]);
      return deleted;
    },
    deleteSessions: async (ids) => {
      forget(ids);
      const deleted = await inner.deleteSessions(ids);
      forget(ids);
      return deleted;
    },
    findSessionsByShop: (shop) => inner.findSessionsByShop(shop),
  };
}
