// The click redirect over real HTTP, through the route's own loader (app/routes/proxy.r.$token.tsx)
// with Shopify's app proxy signature checked: a browser's GET is counted, a HEAD, a gateway's agent
// and a click seconds after the send are redirected the same way but only recorded as machine
// clicks, and reports count only the browser's (decision 0176).
import crypto from "node:crypto";
import type http from "node:http";
import type { LoaderFunction } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signClickToken } from "~/delivery/click-token.server";
import { appHttpTestbed, type AppHttpTestbed } from "~tests/support/app-http";
import type { TestDatabase } from "~tests/support/database";
import { insertCampaigns, insertMessages } from "~tests/support/results-rows";

const SECRET = "click-scanner-secret";
const SHOP = "scanners.myshopify.com";
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** The route's loader as Remix calls it (HEAD included), for the click redirect's path. */
function loaderListener(loader: LoaderFunction): http.RequestListener {
  return (req, res) => {
    const token = decodeURIComponent((req.url ?? "").split("?")[0].replace(/^\/proxy\/r\//, ""));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers });
    Promise.resolve(loader({ request, params: { token }, context: {} }))
      .catch((thrown: unknown) => thrown)
      .then(async (out) => {
        const response = out as Response;
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  };
}

describe("tracked links over HTTP with link scanners", () => {
  let app: AppHttpTestbed;
  let database: TestDatabase;
  let base: string;

  beforeAll(async () => {
    app = await appHttpTestbed({
      secret: SECRET,
      serve: async () => ({ routes: [], other: loaderListener((await import("~/routes/proxy.r.$token")).loader) }),
    });
    ({ database, url: base } = app);
    await insertCampaigns(database, SHOP, [{ id: "C" }]);
    const sentLongAgo = new Date(Date.now() - 3_600_000);
    await insertMessages(database, SHOP, [
      { id: "human", campaignId: "C", customerId: 1n, status: "sent", scheduledFor: sentLongAgo, sentAt: sentLongAgo },
      {
        id: "scanned",
        campaignId: "C",
        customerId: 2n,
        status: "sent",
        scheduledFor: sentLongAgo,
        sentAt: sentLongAgo,
      },
      { id: "fresh", campaignId: "C", customerId: 3n, status: "sent", scheduledFor: new Date(), sentAt: new Date() },
    ]);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The storefront link as Shopify's app proxy forwards it: shop, timestamp and its signature. */
  function proxied(messageId: string): string {
    const params: Record<string, string> = {
      shop: SHOP,
      logged_in_customer_id: "",
      path_prefix: "/apps/rapport",
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const message = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("");
    const signature = crypto.createHmac("sha256", SECRET).update(message).digest("hex");
    const query = new URLSearchParams({ ...params, signature });
    return `${base}/proxy/r/${signClickToken(SECRET, messageId, "https://shop.example/p")}?${query}`;
  }

  const open = (messageId: string, method: string, userAgent: string | null) =>
    fetch(proxied(messageId), {
      method,
      redirect: "manual",
      headers: userAgent === null ? {} : { "user-agent": userAgent },
    });

  const machine = async () =>
    (
      await database.pool.query<{ messageId: string; reason: string; count: number }>(
        `SELECT "messageId", reason, count FROM "MachineClick" ORDER BY 1, 2`,
      )
    ).rows;
  const counted = async () =>
    (await database.pool.query<{ messageId: string }>(`SELECT "messageId" FROM "MessageClick" ORDER BY 1`)).rows.map(
      (r) => r.messageId,
    );

  it("redirects every click and counts only the customer's", async () => {
    const destination = "https://shop.example/p?utm_source=rapport&utm_medium=flow&utm_campaign=C";
    for (const [id, method, agent] of [
      ["scanned", "HEAD", BROWSER],
      ["scanned", "GET", "Mozilla/5.0 (compatible; Proofpoint URL Defense)"],
      ["scanned", "GET", "Mozilla/5.0 (compatible; Proofpoint URL Defense)"],
      ["fresh", "GET", BROWSER],
      ["human", "GET", BROWSER],
    ] as const) {
      const response = await open(id, method, agent);
      expect([id, method, response.status, response.headers.get("location")]).toEqual([id, method, 302, destination]);
    }
    expect(await counted()).toEqual(["human"]);
    expect(await machine()).toEqual([
      { messageId: "fresh", reason: "too_soon", count: 1 },
      { messageId: "scanned", reason: "head_request", count: 1 },
      { messageId: "scanned", reason: "scanner_agent", count: 2 },
    ]);
    // The customer clicking later, after the scanner, is still counted.
    expect((await open("scanned", "GET", BROWSER)).status).toBe(302);
    expect(await counted()).toEqual(["human", "scanned"]);
  });

  it("refuses an unsigned proxy request and records nothing", async () => {
    const unsigned = proxied("human").replace(/signature=[0-9a-f]+/, "signature=00");
    const response = await fetch(unsigned, { redirect: "manual", headers: { "user-agent": BROWSER } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await counted()).toEqual(["human", "scanned"]);
  });
});
