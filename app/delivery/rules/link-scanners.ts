// Which clicks on a tracked link are machines, not the customer (docs/decisions/0176). Mail
// security gateways and link-preview services open every link in a message, usually seconds after
// delivery; counting them would report a click (and Shopify engagement) for customers who never
// clicked. Such clicks are still redirected (the customer's mail client must keep working) and
// recorded with the reason, but never counted.
import { isbotMatch } from "isbot";

export type MachineReason = "head_request" | "no_user_agent" | "scanner_agent" | "bot_agent" | "too_soon";

export type ClickVerdict = { machine: false } | { machine: true; reason: MachineReason; detail: string };

/**
 * Security gateways and link checkers by the user-agent text they are documented or observed to
 * send. Checked before the general bot list so the recorded reason names the vendor. Sources:
 * - Barracuda Email Protection "Link Protection": "Barracuda Sentinel" (isbot's pattern list, and
 *   ESP bot-filter lists such as SparkPost/Braze community lists).
 * - Proofpoint URL Defense, Mimecast URL Protect, Symantec/Broadcom ClickTime, Trend Micro,
 *   Cisco Secure Email, Sophos, Forcepoint, FireEye/Trellix, Fortinet FortiMail, Zscaler,
 *   Check Point, Microsoft "BingPreview" (Safe Links previews): vendor names that appear in the
 *   agents of their URL rewriting/scanning services (isbot list, omrilotan/isbot on GitHub).
 * - Apple/Google/Slack/Microsoft Teams link previews (unfurlers) that fetch links shown to a user.
 * Keep it in sync with what the MachineClick table shows (`reason = 'bot_agent'` rows with a
 * vendor name are candidates to add here).
 */
export const SCANNER_AGENTS: readonly { name: string; pattern: RegExp }[] = [
  { name: "Barracuda", pattern: /barracuda/i },
  { name: "Proofpoint", pattern: /proofpoint/i },
  { name: "Mimecast", pattern: /mimecast/i },
  { name: "Symantec ClickTime", pattern: /symantec|clicktime|broadcom/i },
  { name: "Trend Micro", pattern: /trend ?micro/i },
  { name: "Cisco", pattern: /cisco|ironport/i },
  { name: "Sophos", pattern: /sophos/i },
  { name: "Forcepoint", pattern: /forcepoint|websense/i },
  { name: "Trellix", pattern: /fireeye|trellix/i },
  { name: "Fortinet", pattern: /fortinet|fortimail|fortiguard/i },
  { name: "Zscaler", pattern: /zscaler/i },
  { name: "Check Point", pattern: /check ?point/i },
  { name: "Microsoft Safe Links", pattern: /bingpreview|safelinks/i },
  { name: "Link preview", pattern: /slackbot|teams ?bot|skypeuripreview|whatsapp|telegrambot|facebookexternalhit/i },
];

/** Nobody reads a message, decides and clicks this soon after it left (gateways take 1–10 s). */
export const TOO_SOON_MS = 10_000;

export interface ClickFacts {
  method: string;
  userAgent: string | null;
  clickedAt: Date;
  /** When the message was handed over (Message.sentAt), or when the hand-over began if not recorded yet. */
  deliveredAt: Date | null;
}

const clip = (text: string): string => text.slice(0, 200);

export function classifyClick(facts: ClickFacts): ClickVerdict {
  if (facts.method.toUpperCase() === "HEAD") return { machine: true, reason: "head_request", detail: "HEAD" };
  const agent = (facts.userAgent ?? "").trim();
  // Every browser sends a User-Agent; its absence is a script.
  if (agent === "") return { machine: true, reason: "no_user_agent", detail: "" };
  const scanner = SCANNER_AGENTS.find((s) => s.pattern.test(agent));
  if (scanner) return { machine: true, reason: "scanner_agent", detail: clip(`${scanner.name}: ${agent}`) };
  // isbot: a maintained list of crawler, headless-browser and HTTP-library agents (Unlicense).
  const bot = isbotMatch(agent);
  if (bot !== null) return { machine: true, reason: "bot_agent", detail: clip(agent) };
  if (facts.deliveredAt !== null) {
    const afterMs = facts.clickedAt.getTime() - facts.deliveredAt.getTime();
    if (afterMs < TOO_SOON_MS) return { machine: true, reason: "too_soon", detail: `${Math.max(0, afterMs)} ms` };
  }
  return { machine: false };
}
