import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

let t: TestSimulator;
let hooks: { topic: string; body: Record<string, unknown> }[] = [];
let receiver: http.Server;

const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id status } userErrors { field message code } } }`;
type RunResult = {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: string } | null;
    userErrors: { field: string[]; message: string; code: string }[];
  };
};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      hooks.push({ topic: String(req.headers["x-shopify-topic"]), body: JSON.parse(raw) as Record<string, unknown> });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  t = await startTestSimulator({
    customers: 80,
    seed: 4,
    plan: "enterprise",
    webhooks: { secret: "s", subscriptions: [{ topic: "bulk_operations/finish", url }] },
  });
});
afterAll(async () => {
  await t.stop();
  await new Promise((r) => receiver.close(r));
});

const run = (q: string): Promise<RunResult> => t.admin.request<RunResult>(RUN, { q });

describe("bulk operations", () => {
  it("rejects what Shopify rejects, with userErrors", async () => {
    const cases: [string, RegExp][] = [
      [
        `{ customers { nodes { id } } }`,
        /Selecting via 'nodes' is not supported\. Invalid connection fields: 'customers'\./,
      ],
      [`{ shop { name } }`, /at least one connection/],
      [`{ customers { edges { node { email orders { edges { node { id } } } } } } }`, /must select the 'id' field/],
      [
        `{ orders { edges { node { id refunds { id refundLineItems { edges { node { quantity } } } } } } } }`,
        /connection field within a list field/,
      ],
      [
        `{ customers { edges { node { id orders { edges { node { id lineItems { edges { node { id product { id variants { edges { node { id } } } } } } } } } } } } } }`,
        /nesting depth greater than 2/,
      ],
      [
        `{ customers { edges { node { email orders { edges { node { id } } } } } } }`,
        /Connection fields without 'id': customers\./,
      ],
      [
        `mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { userErrors { message } } }`,
        /Only `query` operations/,
      ],
      [`{ node(id: "gid://shopify/Customer/1") { id } customers { edges { node { id } } } }`, /top level `node` field/],
      [`{ customers { edges { node { id nope } } } }`, /Cannot query field "nope"/],
      [`{ customers { edges { node { id ${"email ".repeat(11_000)} } } } }`, /65,?535/],
    ];
    for (const [q, message] of cases) {
      const res = await run(q);
      expect(res.bulkOperationRunQuery.bulkOperation).toBeNull();
      expect(res.bulkOperationRunQuery.userErrors.map((e) => e.message).join("\n")).toMatch(message);
    }
  });

  it("exports JSONL with children as separate lines carrying __parentId, then sends bulk_operations/finish", async () => {
    hooks = [];
    const q = `{ customers(query: "created_at:>2020-01-01") { edges { node { id email defaultEmailAddress { marketingState }
      orders { edges { node { id name totalPriceSet { shopMoney { amount } } lineItems { edges { node { id quantity product { id } } } } } } } } } } }`;
    const started = await run(q);
    expect(started.bulkOperationRunQuery.userErrors).toEqual([]);
    const id = started.bulkOperationRunQuery.bulkOperation!.id;
    await t.sim.bulk.idle();
    const status: {
      bulkOperation: { status: string; objectCount: string; rootObjectCount: string; fileSize: string; url: string };
    } = await t.admin.request(
      `query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount fileSize url } }`,
      { id },
    );
    const op = status.bulkOperation;
    expect(op.status).toBe("COMPLETED");
    const text = await (await fetch(op.url)).text();
    expect(String(Buffer.byteLength(text))).toBe(op.fileSize);
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(String(lines.length)).toBe(op.objectCount);
    const roots = lines.filter((l) => !("__parentId" in l));
    expect(String(roots.length)).toBe(op.rootObjectCount);
    expect(roots.length).toBe(80);
    const ids = new Map(lines.map((l) => [l.id as string, l]));
    const orders = lines.filter((l) => String(l.id).includes("/Order/"));
    const items = lines.filter((l) => String(l.id).includes("/LineItem/"));
    expect(orders.length).toBeGreaterThan(80);
    for (const o of orders) expect(String(o.__parentId)).toMatch(/Customer/);
    for (const li of items) expect(String((ids.get(li.__parentId as string) ?? {}).id)).toMatch(/Order/);
    expect(orders[0]).not.toHaveProperty("lineItems");
    await t.sim.webhooks.idle();
    const finish = hooks.find((h) => h.topic === "bulk_operations/finish");
    expect(finish?.body).toMatchObject({ admin_graphql_api_id: id, status: "completed", type: "query" });
  });

  it("exports exactly the orders of an id range; the newest order by id comes without a full scan", async () => {
    const exportIds = async (filter: string | null): Promise<bigint[]> => {
      const args = filter === null ? "" : `(query: ${JSON.stringify(filter)})`;
      const started = await run(`{ orders${args} { edges { node { id } } } }`);
      await t.sim.bulk.idle();
      const { bulkOperation } = await t.admin.request<{ bulkOperation: { url: string | null } }>(
        `query($id: ID!) { bulkOperation(id: $id) { url } }`,
        { id: started.bulkOperationRunQuery.bulkOperation!.id },
      );
      if (!bulkOperation.url) return [];
      const text = await (await fetch(bulkOperation.url)).text();
      return text
        .trim()
        .split("\n")
        .map((l) =>
          BigInt(
            String((JSON.parse(l) as { id: string }).id)
              .split("/")
              .pop()!,
          ),
        );
    };
    const all = await exportIds(null);
    const from = all[Math.floor(all.length / 3)];
    const to = all[Math.floor((2 * all.length) / 3)];
    expect(await exportIds(`id:>=${from} AND id:<=${to}`)).toEqual(all.filter((id) => id >= from && id <= to));
    expect(await exportIds(`id:>=${to}`)).toEqual(all.filter((id) => id >= to));
    const newest = await t.admin.request<{ orders: { nodes: { id: string }[] } }>(
      `{ orders(first: 1, sortKey: ID, reverse: true) { nodes { id } } }`,
    );
    expect(newest.orders.nodes.map((n) => BigInt(n.id.split("/").pop()!))).toEqual([
      all.reduce((a, b) => (b > a ? b : a)),
    ]);
  });

  it("allows five concurrent bulk queries and refuses the sixth", async () => {
    t.sim.core.bulk.minDurationMs = 1500;
    const q = `{ orders { edges { node { id lineItems { edges { node { id } } } } } } }`;
    const results = await Promise.all(Array.from({ length: 6 }, () => run(q)));
    const refused = results.filter((r) => r.bulkOperationRunQuery.userErrors.length > 0);
    expect(refused).toHaveLength(1);
    expect(refused[0].bulkOperationRunQuery.userErrors[0].code).toBe("OPERATION_IN_PROGRESS");
    await t.sim.bulk.idle();
    t.sim.core.bulk.minDurationMs = 0;
    const again = await run(q);
    expect(again.bulkOperationRunQuery.userErrors).toEqual([]);
  });
});
