// The simulator's Flow must never be kinder than Shopify: its requests carry exactly the keys of
// Shopify's documented examples, signed as Shopify signs them, and its Shopify Email automation
// mails only subscribed customers with only Shopify Email's own variables filled.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedFlow } from "./flow";
import type { SimCustomer } from "../store/model";

// https://shopify.dev/docs/apps/build/flow/track-lifecycle-events ("example body of a usage notification")
const LIFECYCLE_EXAMPLE = {
  flow_trigger_definition_id: "Add row to spreadsheet",
  has_enabled_flow: false,
  shop_id: "690933842",
  shopify_domain: "johnapparel.myshopify.com",
  timestamp: "2019-01-25T16:44:10.999Z",
};
// https://shopify.dev/docs/apps/build/flow/actions/endpoints#flow-action-execution (request example)
const ACTION_EXAMPLE = {
  shop_id: "1",
  shopify_domain: "{shop}.myshopify.com",
  action_run_id: "xxxx-xxxx-xxxx-xxxx",
  action_definition_id: "Place auction bid",
  handle: "place-auction-bid",
  properties: { customer_id: "123456", amount: "10.00", step_reference: "320d4f8a-aaab-40ff-9ed2-2bc079633705" },
};

const shape = (v: unknown): unknown =>
  v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;

describe("the simulator's Flow requests", () => {
  let server: http.Server;
  let base: string;
  const received: { body: string; hmac: string | undefined; type: string | undefined }[] = [];
  let answer = 200;
  const flow = new SimulatedFlow({ name: "demo", domain: "demo.myshopify.com" }, () =>
    Date.parse("2026-11-29T10:00:00Z"),
  );

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({
          body,
          hmac: req.headers["x-shopify-hmac-sha256"] as string,
          type: req.headers["content-type"],
        });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    flow.configure({ secret: "s3cret", lifecycleUrl: `${base}/lifecycle`, actionUrl: `${base}/action` });
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("sends the lifecycle callback with the documented keys and types, HMAC-signed over the raw body", async () => {
    expect(await flow.setWorkflow(true)).toMatchObject({ enabled: true });
    const { body, hmac, type } = received.at(-1)!;
    expect(shape(JSON.parse(body))).toEqual(shape({ ...LIFECYCLE_EXAMPLE, has_enabled_flow: true }));
    expect(Object.keys(JSON.parse(body))).toEqual(Object.keys(LIFECYCLE_EXAMPLE));
    expect(JSON.parse(body)).toMatchObject({ has_enabled_flow: true, shopify_domain: "demo.myshopify.com" });
    expect(hmac).toBe(crypto.createHmac("sha256", "s3cret").update(body).digest("base64"));
    expect(type).toBe("application/json");
  });

  it("leaves the workflow off when the app does not answer 2xx (Flow refuses to enable it)", async () => {
    await flow.setWorkflow(false);
    answer = 500;
    expect(await flow.setWorkflow(true)).toMatchObject({ enabled: false, call: { status: 500 } });
    answer = 200;
  });

  it("sends the action request with the documented top-level keys and the fields in properties", async () => {
    await flow.runAction({ customerId: 42, campaign: "Thank you", actionRunId: "run-9" });
    const { body, hmac } = received.at(-1)!;
    const sent = JSON.parse(body) as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual(Object.keys(ACTION_EXAMPLE));
    const { properties, ...top } = sent;
    const { properties: exampleProps, ...exampleTop } = ACTION_EXAMPLE;
    expect(shape(top)).toEqual(shape(exampleTop));
    expect(properties).toEqual({ customer_id: "42", campaign: "Thank you" });
    expect(typeof exampleProps.customer_id).toBe(typeof (properties as { customer_id: unknown }).customer_id);
    expect(hmac).toBe(crypto.createHmac("sha256", "s3cret").update(body).digest("base64"));
  });
});

describe("Shopify Email behind the trigger", () => {
  const customer = (emailState: SimCustomer["emailState"]): SimCustomer =>
    ({
      id: 7,
      firstName: "Ada",
      lastName: "L",
      email: "ada@example.com",
      city: "Oslo",
      country: "NO",
      emailState,
    }) as SimCustomer;

  it("mails only subscribed customers, only while a Shopify Email automation is on, with only its own variables", async () => {
    const flow = new SimulatedFlow({ name: "demo", domain: "demo.myshopify.com" }, () => 0);
    flow.configure({
      design: {
        subject: "Hi {{ data.customer.first_name }} from {{ shop.name }}",
        body: "{{ data.customer.city }} | {{ customer.first_name }} | {{ Body }} | {{ data.customer.total_spent }}",
      },
    });
    flow.onTrigger(customer("SUBSCRIBED"), { Campaign: "Thank you" }, 1);
    expect(flow.emails).toEqual([]); // no automation on
    flow.enabled.add("shopify_email");
    flow.onTrigger(customer("UNSUBSCRIBED"), {}, 2);
    flow.onTrigger(customer("NOT_SUBSCRIBED"), {}, 3);
    flow.onTrigger(customer("SUBSCRIBED"), { Campaign: "Thank you", Body: "Rapport's words" }, 4);
    expect(flow.emails).toEqual([
      {
        seq: 4,
        at: 0,
        customerId: 7,
        to: "ada@example.com",
        subject: "Hi Ada from demo",
        body: "Oslo |  |  | ",
        campaign: "Thank you",
      },
    ]);
  });
});
