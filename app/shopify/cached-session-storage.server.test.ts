import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { cachedSessionStorage, type SessionStore } from "./cached-session-storage.server";

function memoryStore(): SessionStore & { loads: number } {
  const sessions = new Map<string, Session>();
  const store = {
    loads: 0,
    storeSession: async (s: Session) => (sessions.set(s.id, s), true),
    loadSession: async (id: string) => {
      store.loads++;
      await new Promise((r) => setTimeout(r, 5));
      return sessions.get(id);
    },
    deleteSession: async (id: string) => sessions.delete(id),
    deleteSessions: async (ids: string[]) => (ids.forEach((id) => sessions.delete(id)), true),
    findSessionsByShop: async (shop: string) => [...sessions.values()].filter((s) => s.shop === shop),
  };
  return store;
}

const offline = (token: string) =>
  new Session({
    id: "offline_a.myshopify.com",
    shop: "a.myshopify.com",
    state: "s",
    isOnline: false,
    accessToken: token,
  });

describe("cached session storage", () => {
  it("answers repeated and concurrent loads from one query until the TTL passes", async () => {
    let clock = 0;
    const inner = memoryStore();
    await inner.storeSession(offline("t1"));
    const cached = cachedSessionStorage(inner, { ttlMs: 2_000, now: () => clock });
    const loaded = await Promise.all(Array.from({ length: 50 }, () => cached.loadSession("offline_a.myshopify.com")));
    expect(loaded.every((s) => s?.accessToken === "t1")).toBe(true);
    expect(inner.loads).toBe(1);
    clock = 1_999;
    await cached.loadSession("offline_a.myshopify.com");
    expect(inner.loads).toBe(1);
    clock = 2_001;
    await cached.loadSession("offline_a.myshopify.com");
    expect(inner.loads).toBe(2);
  });

  it("sees its own writes and deletes at once, and hands out copies", async () => {
    const inner = memoryStore();
    const cached = cachedSessionStorage(inner, { now: () => 0 });
    await cached.storeSession(offline("t1"));
    const first = await cached.loadSession("offline_a.myshopify.com");
    first!.accessToken = "changed by a caller";
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    await cached.storeSession(offline("t2"));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");
    await cached.deleteSessions(["offline_a.myshopify.com"]);
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
  });

  it("does not keep a failed load", async () => {
    const inner = memoryStore();
    let fail = true;
    const flaky: SessionStore = {
      ...inner,
      loadSession: (id) => (fail ? Promise.reject(new Error("db down")) : inner.loadSession(id)),
    };
    const cached = cachedSessionStorage(flaky, { now: () => 0 });
    await expect(cached.loadSession("x")).rejects.toThrow("db down");
    fail = false;
    await inner.storeSession(new Session({ id: "x", shop: "a.myshopify.com", state: "s", isOnline: false }));
    expect((await cached.loadSession("x"))?.id).toBe("x");
  });
});
