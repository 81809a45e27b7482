// The setup guide on Home (pure): the four steps of a merchant's first hour, whether each is done,
// where it is done, and whether the guide shows open, folded or not at all.

export type StepId = "sync" | "channel" | "campaign" | "activate";

/** What the guide needs to know about the shop, read by setup-guide.server.ts. */
export interface GuideFacts {
  /** The latest backfill's status ("completed" once a sync finished), null before any. */
  syncStatus: string | null;
  /** The email sender is set up and its current configuration passed a test email. */
  emailVerified: boolean;
  /** Flow last said a workflow using the Rapport trigger is on (Shopify Email / Flow channels). */
  flowWorkflowOn: boolean;
  campaigns: number;
  /** The oldest draft campaign, where "activate" sends the merchant; null without drafts. */
  firstDraftId: string | null;
  /** Campaigns ever activated (active now, or paused after running). */
  activatedCampaigns: number;
}

/** Per shop, in Shop.settings.setupGuide: remembered across visits. */
export interface GuideMemory {
  /** When every step was first seen done: the guide stays folded from then on. */
  completedAt: string | null;
  /** The merchant opened (false) or folded (true) it by hand; null: follow completion. */
  folded: boolean | null;
  /** The merchant dismissed it: not shown at all. */
  dismissed: boolean;
}

export interface GuideStep {
  id: StepId;
  title: string;
  description: string;
  done: boolean;
  action: { label: string; url: string };
}

export interface SetupGuide {
  steps: GuideStep[];
  doneCount: number;
  complete: boolean;
  display: "open" | "folded" | "hidden";
  /** True when this visit is the first to see every step done: the server remembers it. */
  rememberCompletion: boolean;
}

export const EMPTY_MEMORY: GuideMemory = { completedAt: null, folded: null, dismissed: false };

export function guideSteps(facts: GuideFacts): GuideStep[] {
  const synced = facts.syncStatus === "completed";
  const running = facts.syncStatus === "running" || facts.syncStatus === "queued";
  return [
    {
      id: "sync",
      title: "Sync your store",
      description: running
        ? "Rapport is reading your customers, products and orders."
        : "Rapport reads your customers, products and orders and learns what each customer is worth.",
      done: synced,
      action: { label: running ? "See progress" : "See sync status", url: "/app#sync" },
    },
    {
      id: "channel",
      title: "Connect a sending channel",
      description:
        "Verify your email sender with a test email in Settings, or turn on a Shopify Flow or Shopify Email workflow that uses the Rapport message trigger.",
      done: facts.emailVerified || facts.flowWorkflowOn,
      action: { label: "Open Settings", url: "/app/settings" },
    },
    {
      id: "campaign",
      title: "Create your first campaign",
      description: "Start from a pillar template; you can edit the message and the audience before it goes live.",
      done: facts.campaigns > 0,
      action: { label: "Choose a template", url: "/app/campaigns/new" },
    },
    {
      id: "activate",
      title: "Activate it",
      description: "Activated campaigns message customers as they qualify, keeping a holdout group to measure lift.",
      done: facts.activatedCampaigns > 0,
      action: facts.firstDraftId
        ? { label: "Review and activate", url: `/app/campaigns/${encodeURIComponent(facts.firstDraftId)}` }
        : { label: "See campaigns", url: "/app/campaigns" },
    },
  ];
}

export function setupGuide(facts: GuideFacts, memory: GuideMemory): SetupGuide {
  const steps = guideSteps(facts);
  const doneCount = steps.filter((s) => s.done).length;
  const complete = doneCount === steps.length;
  // Once complete, a later change (a paused campaign, a new SMTP server) does not reopen the
  // guide: Settings and Campaigns say what is wrong there.
  const finished = complete || memory.completedAt !== null;
  const folded = memory.folded ?? finished;
  return {
    steps,
    doneCount,
    complete,
    display: memory.dismissed ? "hidden" : folded ? "folded" : "open",
    rememberCompletion: complete && memory.completedAt === null,
  };
}

/** Reads the stored memory; anything malformed counts as nothing remembered. */
export function readGuideMemory(settings: unknown): GuideMemory {
  const raw =
    settings && typeof settings === "object" && !Array.isArray(settings)
      ? (settings as Record<string, unknown>).setupGuide
      : undefined;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return EMPTY_MEMORY;
  const r = raw as Record<string, unknown>;
  const completedAt =
    typeof r.completedAt === "string" && !Number.isNaN(Date.parse(r.completedAt)) ? r.completedAt : null;
  return {
    completedAt,
    folded: typeof r.folded === "boolean" ? r.folded : null,
    dismissed: r.dismissed === true,
  };
}

export type GuideIntent = "fold" | "unfold" | "dismiss";

/** The merchant's action on the guide, from a form field; null when it is not one. */
export function parseGuideIntent(value: unknown): GuideIntent | null {
  return value === "fold" || value === "unfold" || value === "dismiss" ? value : null;
}
