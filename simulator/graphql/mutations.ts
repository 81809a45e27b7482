// The mutations the app sends, validated the way Shopify validates them and recorded.
import { gid, parseGid } from "../util/ids";
import type { GqlContext } from "./context";
import { customerView, orderView, productView } from "./views";
import { segmentView } from "./root";
import { bulkOperationView } from "../bulk/view";
import { marketingMutations } from "./marketing";

type Args = Record<string, unknown>;
const userError = (field: string[] | null, message: string, code?: string): Record<string, unknown> => ({
  field,
  message,
  ...(code ? { code } : {}),
});
const PAYLOAD_LIMIT = 50_000;

function customerIdFromPayload(payload: unknown): number | null {
  if (!payload || typeof payload !== "object") return null;
  const raw = (payload as Record<string, unknown>).customer_id ?? (payload as Record<string, unknown>).customerId;
  if (typeof raw !== "number" && typeof raw !== "string") return null;
  return parseGid(raw)?.id ?? null;
}

export function mutationRoot(ctx: GqlContext): Record<string, unknown> {
  const { store, recorder, activity, at } = ctx;
  return {
    ...marketingMutations(ctx),
    flowTriggerReceive: (a: Args) => {
      let handle = (a.handle as string | null) ?? null;
      let payload: unknown = a.payload ?? null;
      if (a.body != null) {
        try {
          const body = JSON.parse(String(a.body)) as { handle?: string; trigger_handle?: string; properties?: unknown };
          handle ??= body.handle ?? body.trigger_handle ?? null;
          payload ??= body.properties ?? null;
        } catch {
          return { userErrors: [userError(["body"], "Errors validating schema:\n  Invalid JSON body.")] };
        }
      }
      if (!handle || !ctx.flowHandles.includes(handle))
        return { userErrors: [userError(["body"], `Errors validating schema:\n  Invalid handle '${handle ?? ""}'.`)] };
      const size = Buffer.byteLength(JSON.stringify(payload ?? {}), "utf8");
      if (size > PAYLOAD_LIMIT)
        return { userErrors: [userError(["body"], `Properties size exceeds the limit of ${PAYLOAD_LIMIT} bytes.`)] };
      const customerId = customerIdFromPayload(payload);
      const seq = recorder.flowTriggers.length + 1;
      recorder.flowTriggers.push({ seq, at, handle, payload, customerId });
      if (customerId !== null) activity.messageSent(customerId, seq);
      ctx.flow?.onTrigger(customerId === null ? null : (store.customer(customerId) ?? null), payload, seq);
      return { userErrors: [] };
    },
    tagsAdd: (a: Args) => {
      const id = String(a.id);
      const tags = (a.tags as string[]).map((t) => t.trim()).filter(Boolean);
      const parsed = parseGid(id);
      if (!parsed || !parsed.type) return { node: null, userErrors: [userError(["id"], "Invalid global id")] };
      recorder.tagsAdded.push({ at, id, tags });
      if (parsed.type === "Customer") {
        const c = store.customer(parsed.id);
        if (!c) return { node: null, userErrors: [userError(["id"], "Resource not found")] };
        const next = activity.updateCustomer(c.id, { tags: [...new Set([...c.tags, ...tags])] });
        return { node: () => customerView(ctx, next, store.history(next.index)!.orders), userErrors: [] };
      }
      if (parsed.type === "Order") {
        const o = store.order(parsed.id);
        if (!o || o.processedAt > at) return { node: null, userErrors: [userError(["id"], "Resource not found")] };
        const next = { ...structuredClone(o), tags: [...new Set([...o.tags, ...tags])], editedAt: at };
        store.saveOrder(next);
        const h = store.history(o.customerIndex)!;
        return {
          node: () => orderView(ctx, next, next.customerId === null ? null : h.customer, h.orders),
          userErrors: [],
        };
      }
      if (parsed.type === "Product") {
        const p = store.product(parsed.id);
        if (!p) return { node: null, userErrors: [userError(["id"], "Resource not found")] };
        p.tags = [...new Set([...p.tags, ...tags])];
        return { node: () => productView(ctx, p), userErrors: [] };
      }
      return { node: null, userErrors: [userError(["id"], `Tags cannot be added to ${parsed.type}`)] };
    },
    segmentCreate: (a: Args) => {
      const name = String(a.name).trim();
      const query = String(a.query).trim();
      if (!name) return { segment: null, userErrors: [userError(["name"], "Name can't be blank", "BLANK")] };
      if (!query) return { segment: null, userErrors: [userError(["query"], "Query can't be blank", "BLANK")] };
      if (recorder.segments.some((s) => s.name === name))
        return { segment: null, userErrors: [userError(["name"], "Name has already been taken", "TAKEN")] };
      const record = { id: 500_000_000 + recorder.segments.length + 1, at, name, query };
      recorder.segments.push(record);
      return { segment: segmentView(record), userErrors: [] };
    },
    customerEmailMarketingConsentUpdate: (a: Args) => consentUpdate(ctx, a.input as Args, "email"),
    customerSmsMarketingConsentUpdate: (a: Args) => consentUpdate(ctx, a.input as Args, "sms"),
    bulkOperationRunQuery: (a: Args) => {
      const result = ctx.bulk.start(String(a.query), Boolean(a.groupObjects));
      if ("userErrors" in result) return { bulkOperation: null, userErrors: result.userErrors };
      return { bulkOperation: bulkOperationView(result.operation), userErrors: [] };
    },
    bulkOperationCancel: (a: Args) => {
      const op = ctx.bulk.cancel(parseGid(String(a.id))?.id ?? -1);
      return op
        ? { bulkOperation: bulkOperationView(op), userErrors: [] }
        : { bulkOperation: null, userErrors: [userError(["id"], "Bulk operation does not exist")] };
    },
  };
}

function consentUpdate(ctx: GqlContext, input: Args, channel: "email" | "sms"): Record<string, unknown> {
  const key = channel === "email" ? "emailMarketingConsent" : "smsMarketingConsent";
  const consent = (input[key] ?? {}) as Args;
  const id = parseGid(String(input.customerId))?.id ?? -1;
  const customer = ctx.store.customer(id);
  if (!customer || customer.createdAt > ctx.at)
    return { customer: null, userErrors: [userError(["input", "customerId"], "Customer not found", "INVALID")] };
  const state = String(consent.marketingState);
  if (!["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"].includes(state)) {
    return {
      customer: null,
      userErrors: [userError(["input", key, "marketingState"], "Marketing state is invalid", "INCLUSION")],
    };
  }
  if (channel === "email" && !customer.email)
    return {
      customer: null,
      userErrors: [userError(["input", "customerId"], "Customer must have an email address", "MISSING_ARGUMENT")],
    };
  if (channel === "sms" && !customer.phone)
    return {
      customer: null,
      userErrors: [userError(["input", "customerId"], "Customer must have a phone number", "MISSING_ARGUMENT")],
    };
  const optIn =
    (consent.marketingOptInLevel as string | undefined) ?? (state === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN");
  ctx.recorder.consentUpdates.push({
    at: ctx.at,
    customerId: customer.id,
    channel,
    marketingState: state,
    marketingOptInLevel: optIn,
  });
  const next = ctx.activity.updateCustomer(
    customer.id,
    channel === "email" ? { emailState: state as "SUBSCRIBED" } : { smsState: state as "SUBSCRIBED" },
  );
  if (channel === "email") ctx.store.saveCustomer({ ...next, emailOptIn: optIn as "SINGLE_OPT_IN" });
  const saved = ctx.store.history(next.index)!;
  return { customer: customerView(ctx, saved.customer, saved.orders), userErrors: [] };
}

export { gid };
