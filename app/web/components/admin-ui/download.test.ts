// Downloads carry App Bridge's ID token when App Bridge is present (inside the admin, where a plain
// link has no session and is sent to login) and no Authorization header otherwise (demo mode).
import { afterEach, describe, expect, it, vi } from "vitest";
import { attachmentName, authenticatedFetch } from "./download";

afterEach(() => {
  vi.unstubAllGlobals();
});

function captureFetch(): { headers: () => Headers; url: () => string } {
  let seen: { url: string; headers: Headers } | null = null;
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    seen = { url, headers: new Headers(init.headers) };
    return new Response("id,email\n", { headers: { "Content-Type": "text/csv" } });
  });
  return { headers: () => seen!.headers, url: () => seen!.url };
}

describe("authenticatedFetch", () => {
  it("sends shopify.idToken() as a Bearer token inside the admin", async () => {
    const fetched = captureFetch();
    vi.stubGlobal("shopify", { idToken: async () => "header.payload.signature" });
    const response = await authenticatedFetch("/app/reports/c1/csv", { headers: { Accept: "text/csv" } });
    expect(await response.text()).toBe("id,email\n");
    expect(fetched.url()).toBe("/app/reports/c1/csv");
    expect(fetched.headers().get("Authorization")).toBe("Bearer header.payload.signature");
    expect(fetched.headers().get("Accept")).toBe("text/csv");
  });

  it("sends no Authorization header without App Bridge (demo mode)", async () => {
    const fetched = captureFetch();
    await authenticatedFetch("/app/reports/c1/csv");
    expect(fetched.headers().has("Authorization")).toBe(false);
  });
});

describe("attachmentName", () => {
  it("reads the quoted filename of Content-Disposition, else the fallback", () => {
    expect(attachmentName('attachment; filename="rapport-campaign-c1.csv"', "x.csv")).toBe("rapport-campaign-c1.csv");
    expect(attachmentName("attachment", "x.csv")).toBe("x.csv");
    expect(attachmentName(null, "x.csv")).toBe("x.csv");
  });
});
