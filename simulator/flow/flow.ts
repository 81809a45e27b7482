// Shopify Flow's side of the app, as Shopify documents it: the trigger lifecycle callback sent
// when a merchant turns a workflow using the app's trigger on or off
// (https://shopify.dev/docs/apps/build/flow/track-lifecycle-events), the Flow action execution
// request (https://shopify.dev/docs/apps/build/flow/actions/endpoints), both JSON POSTs signed
// with X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body with the app's client secret,
// and a Shopify Email marketing automation behind the trigger: it mails only subscribed
// customers and its design can fill only Shopify Email's own variables
// (https://help.shopify.com/en/manual/promoting-marketing/create-marketing/shopify-messaging/email/create-email/custom-liquid).
import crypto from "node:crypto";
import type { SimCustomer } from "../store/model";

export interface FlowAppOptions {
  /** The app's client secret (signs both requests). */
  secret?: string;
  /** The lifecycle callback extension's url. */
  lifecycleUrl?: string;
  /** The Flow action extension's runtime_url. */
  actionUrl?: string;
}

/** What the merchant's workflow does with the "Rapport message" trigger. */
export type WorkflowKind = "shopify_email" | "other_app";

export interface ShopifyEmailDesign {
  subject: string;
  body: string;
}

export interface ShopifyEmailRecord {
  seq: number;
  at: number;
  customerId: number;
  to: string;
  subject: string;
  body: string;
  /** The trigger's Campaign field (the automation's condition branches on it). */
  campaign: string | null;
}

export interface FlowCall {
  url: string;
  body: string;
  status: number;
  responseText: string;
}

/** The variables a Shopify Email design can fill; anything else renders empty, as in Liquid. */
function shopifyEmailVariables(c: SimCustomer, shop: { name: string; domain: string }): Record<string, string> {
  return {
    "data.customer.first_name": c.firstName,
    "data.customer.last_name": c.lastName,
    "data.customer.email": c.email,
    "data.customer.city": c.city,
    "data.customer.state": "",
    "data.customer.country": c.country,
    "shop.name": shop.name,
    "shop.domain": shop.domain,
    "shop.shopify_domain": shop.domain,
    "shop.url": `https://${shop.domain}`,
  };
}

export function renderShopifyEmail(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}/gi, (_m, path: string) => vars[path] ?? "");
}

export const DEFAULT_DESIGN: ShopifyEmailDesign = {
  subject: "A note from {{ shop.name }}",
  body: "Hi {{ data.customer.first_name }}, thank you for shopping with {{ shop.name }}.",
};

export class SimulatedFlow {
  options: FlowAppOptions = {};
  /** Workflows using the trigger that are turned on, by kind. */
  readonly enabled = new Set<WorkflowKind>();
  design: ShopifyEmailDesign = DEFAULT_DESIGN;
  readonly emails: ShopifyEmailRecord[] = [];
  readonly calls: FlowCall[] = [];

  constructor(
    private readonly shop: { name: string; domain: string },
    private readonly now: () => number,
    /** The trigger's title: Flow's example sends the title as flow_trigger_definition_id. */
    readonly triggerTitle = "Rapport message",
  ) {}

  configure(options: FlowAppOptions & { design?: ShopifyEmailDesign }): void {
    const { design, ...rest } = options;
    this.options = { ...this.options, ...rest };
    if (design) this.design = { subject: String(design.subject), body: String(design.body) };
  }

  private async post(url: string | undefined, payload: Record<string, unknown>, signature?: string): Promise<FlowCall> {
    if (!url || !this.options.secret)
      throw new Error("configure the app's secret and URLs first (POST /flow/configure)");
    const body = JSON.stringify(payload);
    const hmac = signature ?? crypto.createHmac("sha256", this.options.secret).update(body).digest("base64");
    let status = 0;
    let responseText: string;
    try {
      // Flow gives up after five seconds (lifecycle) or ten (actions); five is the stricter.
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-hmac-sha256": hmac },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      status = res.status;
      responseText = await res.text();
    } catch (error) {
      responseText = error instanceof Error ? error.message : String(error);
    }
    const call = { url, body, status, responseText };
    this.calls.push(call);
    return call;
  }

  /** The lifecycle callback body, with exactly the keys of Shopify's example (its shop_id is a string). */
  lifecycleBody(enabled: boolean): Record<string, unknown> {
    return {
      flow_trigger_definition_id: this.triggerTitle,
      has_enabled_flow: enabled,
      shop_id: "1",
      shopify_domain: this.shop.domain,
      timestamp: new Date(this.now()).toISOString(),
    };
  }

  /**
   * The merchant turns a workflow on or off. Turning on fails (stays off) unless the app answers
   * 2xx, as Flow refuses to enable it; turning off is not up to the app.
   */
  async setWorkflow(
    enabled: boolean,
    kind: WorkflowKind = "shopify_email",
  ): Promise<{ enabled: boolean; call: FlowCall }> {
    const othersOn = [...this.enabled].some((k) => k !== kind);
    const call = await this.post(this.options.lifecycleUrl, this.lifecycleBody(enabled || othersOn));
    if (!enabled) this.enabled.delete(kind);
    else if (call.status >= 200 && call.status < 300) this.enabled.add(kind);
    return { enabled: this.enabled.has(kind), call };
  }

  /** The Flow action execution request (keys and shapes of Shopify's example). */
  actionBody(input: { customerId: number; campaign: string; actionRunId: string }): Record<string, unknown> {
    return {
      shop_id: "1",
      shopify_domain: this.shop.domain,
      action_run_id: input.actionRunId,
      action_definition_id: "Send a Rapport message",
      handle: "send-rapport-message",
      properties: { customer_id: String(input.customerId), campaign: input.campaign },
    };
  }

  async runAction(input: {
    customerId: number;
    campaign: string;
    actionRunId?: string;
    signature?: string;
  }): Promise<FlowCall & { actionRunId: string }> {
    const actionRunId = input.actionRunId ?? crypto.randomUUID();
    const call = await this.post(this.options.actionUrl, this.actionBody({ ...input, actionRunId }), input.signature);
    return { ...call, actionRunId };
  }

  /** A trigger Shopify accepted: a turned-on Shopify Email automation mails subscribed customers only. */
  onTrigger(customer: SimCustomer | null, payload: unknown, seq: number): void {
    if (!customer || !this.enabled.has("shopify_email") || customer.emailState !== "SUBSCRIBED") return;
    const vars = shopifyEmailVariables(customer, this.shop);
    const campaign = (payload as Record<string, unknown> | null)?.Campaign;
    this.emails.push({
      seq,
      at: this.now(),
      customerId: customer.id,
      to: customer.email,
      subject: renderShopifyEmail(this.design.subject, vars),
      body: renderShopifyEmail(this.design.body, vars),
      campaign: typeof campaign === "string" ? campaign : null,
    });
  }
}
