// The external marketing activity mutations and marketingEngagementCreate, as the 2026-07 schema
// documents them: `write_marketing_events` required, identifiers checked, remoteId and UTM unique,
// UTM immutable, userErrors with MarketingActivityUserErrorCode. Every accepted call is recorded.
import { GraphQLError } from "graphql";
import { gid, parseGid } from "../util/ids";
import type { GqlContext } from "./context";
import {
  userError,
  type MarketingActivityRecord,
  type MarketingBook,
  type MarketingUserError,
  type Utm,
} from "../store/marketing";

type Args = Record<string, unknown>;
const SCOPE = "write_marketing_events";

/** Shopify's answer to a field the token's scopes do not cover: a top-level ACCESS_DENIED error, the field null. */
function requireScope(ctx: GqlContext, field: string): void {
  if (ctx.scopes.includes(SCOPE)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${SCOPE}\` access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `\`${SCOPE}\` access scope.`,
    },
  });
}

/** Custom scalars (URL, DateTime, Date, UtcOffset) are checked as Shopify coerces them: a bad value fails the variable. */
function invalidValue(path: string, value: unknown, problem: string): never {
  throw new GraphQLError(`Variable input was provided invalid value for ${path} (${problem})`, {
    extensions: { code: "INVALID_VARIABLE", value, problems: [{ path: path.split("."), explanation: problem }] },
  });
}

function checkUrl(path: string, value: unknown): string | null {
  if (value == null) return null;
  try {
    const url = new URL(String(value));
    if (url.protocol === "http:" || url.protocol === "https:") return url.toString();
  } catch {
    // reported below
  }
  return invalidValue(path, value, "Invalid URL");
}

function checkDateTime(path: string, value: unknown): string | null {
  if (value == null) return null;
  const text = String(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text)))
    invalidValue(path, value, "Invalid DateTime");
  return new Date(text).toISOString();
}

/** Variables are coerced before anything runs: a bad URL or DateTime fails the request first. */
function checkScalars(input: Args): void {
  for (const key of ["remoteUrl", "remotePreviewImageUrl"]) checkUrl(key, input[key]);
  for (const key of ["start", "end", "scheduledStart", "scheduledEnd"]) checkDateTime(key, input[key]);
}

function utmOf(value: unknown): Utm | null {
  if (value == null) return null;
  const u = value as Utm;
  return { campaign: u.campaign, medium: u.medium, source: u.source };
}

export function activityView(a: MarketingActivityRecord): Record<string, unknown> {
  const label = a.status.charAt(0) + a.status.slice(1).toLowerCase().replaceAll("_", " ");
  return {
    id: gid("MarketingActivity", a.id),
    title: a.title,
    status: a.status,
    statusLabel: label,
    isExternal: true,
    tactic: a.tactic,
    marketingChannelType: a.marketingChannelType,
    marketingChannel: a.marketingChannelType,
    sourceAndMedium: `${a.marketingChannelType.toLowerCase()} ${a.tactic.toLowerCase()}`,
    utmParameters: a.utm ? { ...a.utm, content: null, term: null } : null,
    urlParameterValue: a.urlParameterValue,
    hierarchyLevel: a.hierarchyLevel,
    inMainWorkflowVersion: false,
    parentActivityId: null,
    parentRemoteId: null,
    statusTransitionedAt: new Date(a.updatedAt).toISOString(),
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}

/** Fields of an external input that the record keeps. */
function applyInput(ctx: GqlContext, a: MarketingActivityRecord, input: Args, replace: boolean): void {
  const take = <T>(key: string, current: T, read: (v: unknown) => T): T =>
    key in input ? read(input[key]) : replace ? read(undefined) : current;
  a.title = take("title", a.title, (v) => (v == null ? a.title : String(v)));
  a.remoteUrl = take("remoteUrl", a.remoteUrl, (v) => checkUrl("remoteUrl", v) ?? a.remoteUrl);
  a.tactic = take("tactic", a.tactic, (v) => (v == null ? a.tactic : String(v)));
  a.marketingChannelType = take("marketingChannelType", a.marketingChannelType, (v) =>
    v == null ? a.marketingChannelType : String(v),
  );
  a.start = take("start", a.start, (v) => checkDateTime("start", v) ?? a.start);
  const status = "status" in input && input.status != null ? String(input.status) : a.status;
  // "If omitted or set to null, the current time will be used if the status is set to INACTIVE or DELETED_EXTERNALLY."
  const ended = status === "INACTIVE" || status === "DELETED_EXTERNALLY";
  a.end = take("end", a.end, (v) => checkDateTime("end", v)) ?? (ended ? new Date(ctx.at).toISOString() : null);
  if (status !== a.status) a.statusHistory.push(status);
  a.status = status;
  a.updatedAt = ctx.at;
}

function findTarget(book: MarketingBook, a: Args): { activity?: MarketingActivityRecord; error?: MarketingUserError } {
  if (a.marketingActivityId != null) {
    const found = book.byId(parseGid(String(a.marketingActivityId))?.id ?? -1);
    return found
      ? { activity: found }
      : { error: userError("MARKETING_ACTIVITY_DOES_NOT_EXIST", ["marketingActivityId"]) };
  }
  if (a.remoteId != null) {
    const found = book.byRemoteId(String(a.remoteId));
    return found ? { activity: found } : { error: userError("INVALID_REMOTE_ID", ["remoteId"]) };
  }
  if (a.utm != null) {
    const found = book.byUtm(utmOf(a.utm)!);
    return found ? { activity: found } : { error: userError("MARKETING_ACTIVITY_DOES_NOT_EXIST", ["utm"]) };
  }
  return { error: userError("INVALID_MARKETING_ACTIVITY_EXTERNAL_ARGUMENTS") };
}

function create(ctx: GqlContext, input: Args, requireRemoteId: boolean): Record<string, unknown> {
  checkScalars(input);
  const book = ctx.recorder.marketing;
  const remoteId = input.remoteId == null ? null : String(input.remoteId);
  const utm = utmOf(input.utm);
  const errors = book.conflicts(undefined, {
    remoteId,
    utm,
    urlParameterValue: (input.urlParameterValue as string | null | undefined) ?? null,
    hierarchyLevel: (input.hierarchyLevel as string | null | undefined) ?? null,
  });
  if (requireRemoteId && remoteId === null) errors.push(userError("INVALID", ["input", "remoteId"]));
  if (errors.length) return { marketingActivity: null, userErrors: errors };
  const record = book.add({
    remoteId,
    title: String(input.title),
    status: input.status == null ? "UNDEFINED" : String(input.status),
    tactic: String(input.tactic),
    marketingChannelType: String(input.marketingChannelType),
    remoteUrl: checkUrl("remoteUrl", input.remoteUrl)!,
    utm,
    urlParameterValue: (input.urlParameterValue as string | null | undefined) ?? null,
    hierarchyLevel: (input.hierarchyLevel as string | null | undefined) ?? null,
    start: checkDateTime("start", input.start) ?? new Date(ctx.at).toISOString(),
    end: null,
    createdAt: ctx.at,
    updatedAt: ctx.at,
  });
  applyInput(ctx, record, { ...input, status: record.status }, false);
  return { marketingActivity: activityView(record), userErrors: [] };
}

export function marketingMutations(ctx: GqlContext): Record<string, unknown> {
  const book = ctx.recorder.marketing;
  return {
    marketingActivityCreateExternal: (a: Args) => {
      requireScope(ctx, "marketingActivityCreateExternal");
      return create(ctx, a.input as Args, false);
    },
    marketingActivityUpsertExternal: (a: Args) => {
      requireScope(ctx, "marketingActivityUpsertExternal");
      const input = a.input as Args;
      checkScalars(input);
      const existing = book.byRemoteId(String(input.remoteId));
      if (!existing) return create(ctx, input, true);
      const errors = book.conflicts(existing, {
        utm: utmOf(input.utm),
        urlParameterValue: (input.urlParameterValue as string | null | undefined) ?? null,
        hierarchyLevel: (input.hierarchyLevel as string | null | undefined) ?? null,
      });
      if (errors.length) return { marketingActivity: null, userErrors: errors };
      // "When optional fields are absent or null, associated information will be removed."
      applyInput(ctx, existing, input, true);
      existing.urlParameterValue = (input.urlParameterValue as string | null | undefined) ?? null;
      return { marketingActivity: activityView(existing), userErrors: [] };
    },
    marketingActivityUpdateExternal: (a: Args) => {
      requireScope(ctx, "marketingActivityUpdateExternal");
      checkScalars(a.input as Args);
      const target = findTarget(book, a);
      if (!target.activity) return { marketingActivity: null, userErrors: [target.error!] };
      applyInput(ctx, target.activity, a.input as Args, false);
      return { marketingActivity: activityView(target.activity), userErrors: [] };
    },
    marketingActivityDeleteExternal: (a: Args) => {
      requireScope(ctx, "marketingActivityDeleteExternal");
      if (a.marketingActivityId == null && a.remoteId == null)
        return {
          deletedMarketingActivityId: null,
          userErrors: [userError("INVALID_DELETE_ACTIVITY_EXTERNAL_ARGUMENTS")],
        };
      const target = findTarget(book, { marketingActivityId: a.marketingActivityId, remoteId: a.remoteId });
      if (!target.activity) return { deletedMarketingActivityId: null, userErrors: [target.error!] };
      target.activity.deleted = true;
      target.activity.statusHistory.push("DELETED");
      return { deletedMarketingActivityId: gid("MarketingActivity", target.activity.id), userErrors: [] };
    },
    marketingEngagementCreate: (a: Args) => engagementCreate(ctx, a),
  };
}

function engagementCreate(ctx: GqlContext, a: Args): Record<string, unknown> {
  requireScope(ctx, "marketingEngagementCreate");
  const book = ctx.recorder.marketing;
  const fail = (error: MarketingUserError) => ({ marketingEngagement: null, userErrors: [error] });
  const byActivity = a.marketingActivityId != null || a.remoteId != null;
  if (!byActivity && a.channelHandle == null) return fail(userError("INVALID_MARKETING_ENGAGEMENT_ARGUMENT_MISSING"));
  if (byActivity && a.channelHandle != null) return fail(userError("INVALID_MARKETING_ENGAGEMENT_ARGUMENTS"));
  // Channel handles come from a partner manager; this app has none.
  if (!byActivity) return fail(userError("INVALID_CHANNEL_HANDLE", ["channelHandle"]));
  const target = findTarget(book, { marketingActivityId: a.marketingActivityId, remoteId: a.remoteId });
  if (!target.activity) return fail(target.error!);
  const input = a.marketingEngagement as Args;
  const occurredOn = String(input.occurredOn);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(occurredOn) || Number.isNaN(Date.parse(`${occurredOn}T00:00:00Z`)))
    invalidValue("marketingEngagement.occurredOn", input.occurredOn, "Invalid Date");
  if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(String(input.utcOffset)))
    invalidValue("marketingEngagement.utcOffset", input.utcOffset, "Invalid UtcOffset");
  const currencies = new Set(
    ["adSpend", "sales"].flatMap((k) => (input[k] ? [String((input[k] as Args).currencyCode)] : [])),
  );
  if (currencies.size > 1) return fail(userError("CURRENCY_CODE_MISMATCH_INPUT", ["marketingEngagement"]));
  const seq = book.engagements.length + 1;
  book.engagements.push({
    seq,
    at: ctx.at,
    activityId: target.activity.id,
    remoteId: target.activity.remoteId,
    input: { ...input },
  });
  const money = (v: unknown) =>
    v ? { amount: String((v as Args).amount), currencyCode: (v as Args).currencyCode } : null;
  return {
    marketingEngagement: {
      ...input,
      isCumulative: input.isCumulative ?? false,
      adSpend: money(input.adSpend),
      sales: money(input.sales),
      channelHandle: null,
      marketingActivity: activityView(target.activity),
    },
    userErrors: [],
  };
}
