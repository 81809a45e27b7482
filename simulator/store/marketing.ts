// External marketing activities and their engagements, validated as Shopify documents them (the
// 2026-07 schema's input descriptions and MarketingActivityUserErrorCode). Messages are the
// codes' own descriptions in the schema; Shopify's exact wording is not documented.

export interface Utm {
  campaign: string;
  medium: string;
  source: string;
}

export interface MarketingActivityRecord {
  id: number;
  remoteId: string | null;
  title: string;
  status: string;
  tactic: string;
  marketingChannelType: string;
  remoteUrl: string;
  utm: Utm | null;
  urlParameterValue: string | null;
  hierarchyLevel: string | null;
  start: string | null;
  end: string | null;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
  /** Every status it was given, oldest first. */
  statusHistory: string[];
}

export interface MarketingEngagementRecord {
  seq: number;
  at: number;
  activityId: number;
  remoteId: string | null;
  input: Record<string, unknown>;
}

export type MarketingUserError = { field: string[] | null; message: string; code: string };

export const MESSAGES = {
  INVALID_MARKETING_ACTIVITY_EXTERNAL_ARGUMENTS:
    "Either the marketing activity ID, remote ID, or UTM must be provided.",
  INVALID_DELETE_ACTIVITY_EXTERNAL_ARGUMENTS:
    "Either the marketing activity ID or remote ID must be provided for the activity to be deleted.",
  INVALID_MARKETING_ENGAGEMENT_ARGUMENT_MISSING:
    "No identifier found. For activity level engagement, either the marketing activity ID or remote ID must be provided. For channel level engagement, the channel handle must be provided.",
  INVALID_MARKETING_ENGAGEMENT_ARGUMENTS:
    "For activity level engagement, either the marketing activity ID or remote ID must be provided. For channel level engagement, the channel handle must be provided.",
  INVALID_CHANNEL_HANDLE: "The channel handle is not recognized.",
  INVALID_REMOTE_ID: "The remote ID does not correspond to an existing activity.",
  MARKETING_ACTIVITY_DOES_NOT_EXIST: "Marketing activity does not exist.",
  MARKETING_ACTIVITY_WITH_REMOTE_ID_ALREADY_EXISTS: "A marketing activity with the same remote ID already exists.",
  MARKETING_ACTIVITY_WITH_UTM_CAMPAIGN_ALREADY_EXISTS:
    "A marketing activity with the same UTM campaign, medium, and source already exists.",
  NON_HIERARCHIAL_REQUIRES_UTM_URL_PARAMETER:
    "Non-hierarchical marketing activities must have UTM parameters or a URL parameter value.",
  IMMUTABLE_UTM_PARAMETERS: "The UTM parameters cannot be modified.",
  IMMUTABLE_HIERARCHY_LEVEL: "The hierarchy level cannot be modified.",
  CURRENCY_CODE_MISMATCH_INPUT: "All currency codes provided in the input need to match.",
  INVALID: "The input value is invalid.",
} as const;

export type MarketingErrorCode = keyof typeof MESSAGES;

export const userError = (code: MarketingErrorCode, field: string[] | null = null): MarketingUserError => ({
  field,
  message: MESSAGES[code],
  code,
});

const sameUtm = (a: Utm | null, b: Utm | null): boolean =>
  a === b || (!!a && !!b && a.campaign === b.campaign && a.medium === b.medium && a.source === b.source);

export class MarketingBook {
  activities: MarketingActivityRecord[] = [];
  engagements: MarketingEngagementRecord[] = [];

  live(): MarketingActivityRecord[] {
    return this.activities.filter((a) => !a.deleted);
  }

  byId(id: number): MarketingActivityRecord | undefined {
    return this.live().find((a) => a.id === id);
  }

  byRemoteId(remoteId: string): MarketingActivityRecord | undefined {
    return this.live().find((a) => a.remoteId === remoteId);
  }

  byUtm(utm: Utm): MarketingActivityRecord | undefined {
    return this.live().find((a) => sameUtm(a.utm, utm));
  }

  /** The errors creating or changing `target` (undefined: a new one) to these fields would meet. */
  conflicts(
    target: MarketingActivityRecord | undefined,
    fields: {
      remoteId?: string | null;
      utm?: Utm | null;
      urlParameterValue?: string | null;
      hierarchyLevel?: string | null;
    },
  ): MarketingUserError[] {
    const errors: MarketingUserError[] = [];
    if (fields.remoteId != null) {
      const other = this.byRemoteId(fields.remoteId);
      if (other && other !== target)
        errors.push(userError("MARKETING_ACTIVITY_WITH_REMOTE_ID_ALREADY_EXISTS", ["input", "remoteId"]));
    }
    if (fields.utm) {
      const other = this.byUtm(fields.utm);
      if (other && other !== target)
        errors.push(userError("MARKETING_ACTIVITY_WITH_UTM_CAMPAIGN_ALREADY_EXISTS", ["input", "utm"]));
    }
    if (target) {
      if (fields.utm !== undefined && target.utm && !sameUtm(target.utm, fields.utm ?? null))
        errors.push(userError("IMMUTABLE_UTM_PARAMETERS", ["input", "utm"]));
      if (fields.hierarchyLevel !== undefined && (fields.hierarchyLevel ?? null) !== target.hierarchyLevel)
        errors.push(userError("IMMUTABLE_HIERARCHY_LEVEL", ["input", "hierarchyLevel"]));
    }
    const hierarchy = target ? target.hierarchyLevel : (fields.hierarchyLevel ?? null);
    const utm = fields.utm !== undefined ? fields.utm : (target?.utm ?? null);
    const param =
      fields.urlParameterValue !== undefined ? fields.urlParameterValue : (target?.urlParameterValue ?? null);
    if (hierarchy === null && !utm && !param)
      errors.push(userError("NON_HIERARCHIAL_REQUIRES_UTM_URL_PARAMETER", ["input"]));
    return errors;
  }

  add(record: Omit<MarketingActivityRecord, "id" | "deleted" | "statusHistory">): MarketingActivityRecord {
    const saved: MarketingActivityRecord = {
      ...record,
      id: 900_000_000 + this.activities.length + 1,
      deleted: false,
      statusHistory: [record.status],
    };
    this.activities.push(saved);
    return saved;
  }

  clear(): void {
    this.activities = [];
    this.engagements = [];
  }
}
