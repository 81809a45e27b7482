// The Shopify Email channel, honestly (decision 0181): Rapport decides who and when and fires the
// "Rapport message" trigger; the words are the merchant's Shopify Email design. A design can fill
// only Shopify Email's own Liquid variables, listed here from Shopify's help page
// (SHOPIFY_EMAIL_SOURCE, also ../shared/docs/shopify-platform.md §3b). Rapport's variables, the
// customer facts Rapport knows and the trigger's own fields (Subject, Body…) never reach it.
import { VARIABLE_CATALOGUE } from "~/campaigns/rules/messages/catalogue";

export const SHOPIFY_EMAIL_SOURCE =
  "https://help.shopify.com/en/manual/promoting-marketing/create-marketing/shopify-messaging/email/create-email/custom-liquid";
export const AUTOMATIONS_SOURCE =
  "https://help.shopify.com/en/manual/promoting-marketing/create-marketing/marketing-automations/types";

/** Every variable a Shopify Email design can use in an automation email (abandoned_checkout.* is for abandonment emails only). */
export const SHOPIFY_EMAIL_VARIABLES = [
  "data.customer.first_name",
  "data.customer.last_name",
  "data.customer.email",
  "data.customer.city",
  "data.customer.state",
  "data.customer.country",
  "email.subject",
  "email.preview_text",
  "shop.name",
  "shop.domain",
  "shop.url",
  "shop.shopify_domain",
  "all_products",
  "unsubscribe_link",
  "unsubscribe_url",
  "open_tracking",
] as const;

const SUPPORTED = new Set<string>(SHOPIFY_EMAIL_VARIABLES);
/** Rapport variables with a Shopify Email equivalent. */
const EQUIVALENT: Record<string, string> = {
  "customer.first_name": "data.customer.first_name",
  "customer.last_name": "data.customer.last_name",
  "shop.name": "shop.name",
  "shop.url": "shop.url",
};
const RAPPORT = new Set(VARIABLE_CATALOGUE.map((v) => v.path));
const TRIGGER_FIELDS = ["Subject", "Body", "Call to action URL", "Campaign", "Pillar"];
export const MAX_DESIGN_TEXT = 20_000;

const OUTPUT = /\{\{-?\s*([^}]*?)\s*-?\}\}/g;

function pathOf(expression: string): string {
  const head = expression.split("|")[0].trim();
  return head.replace(/\[.*$/, "").trim();
}

function explain(path: string): string {
  const shown = `{{ ${path} }}`;
  if (EQUIVALENT[path] && EQUIVALENT[path] !== path)
    return `${shown} is Rapport's variable; a Shopify Email design fills {{ ${EQUIVALENT[path]} }} instead.`;
  if (RAPPORT.has(path))
    return `${shown} is something only Rapport knows about the customer; Shopify Email cannot show it. Choose the Email channel to send Rapport's words.`;
  if (TRIGGER_FIELDS.includes(path) || TRIGGER_FIELDS.some((f) => path.startsWith(`${f}.`)))
    return `${shown}: the Rapport message trigger's fields never reach a Shopify Email design.`;
  if (path.startsWith("abandoned_checkout"))
    return `${shown} exists only in abandoned-checkout emails, not in an automation started by Rapport.`;
  return `Shopify Email cannot fill ${shown}.`;
}

export interface DesignCheck {
  ok: boolean;
  errors: string[];
}

/** Checks text meant for a Shopify Email design: only Shopify Email's variables, no Liquid logic. */
export function validateShopifyEmailText(text: string, label = "Text"): DesignCheck {
  const errors: string[] = [];
  if (text.length > MAX_DESIGN_TEXT) errors.push(`${label} is longer than ${MAX_DESIGN_TEXT} characters.`);
  if (/\{%/.test(text))
    errors.push(
      `${label}: Liquid tags ({% … %}) are not checked here; build conditions in Shopify's automation instead.`,
    );
  const seen = new Set<string>();
  for (const match of text.matchAll(OUTPUT)) {
    const path = pathOf(match[1]);
    if (!path || seen.has(path)) continue;
    seen.add(path);
    const base = path.startsWith("all_products") ? "all_products" : path;
    if (!SUPPORTED.has(base)) errors.push(`${label}: ${explain(path)}`);
  }
  if (errors.length > 0)
    errors.push(
      `A Shopify Email design can use only: ${SHOPIFY_EMAIL_VARIABLES.map((v) => `{{ ${v} }}`).join(", ")} (source: ${SHOPIFY_EMAIL_SOURCE}).`,
    );
  return { ok: errors.length === 0, errors };
}

/** A campaign's Rapport template with the variables that have a Shopify Email equivalent rewritten; the rest stay for the check to flag. */
export function toShopifyEmailText(template: string): string {
  return template.replace(OUTPUT, (whole, expression: string) => {
    const path = pathOf(expression);
    const target = EQUIVALENT[path];
    return target ? whole.replace(path, target) : whole;
  });
}

export interface ShopifyEmailSetup {
  subject: string;
  body: string;
  steps: string[];
}

/** What the merchant builds in Shopify and pastes into it, for one campaign. */
export function shopifyEmailSetup(input: { campaignName: string; subject: string; body: string }): ShopifyEmailSetup {
  const body = /\{\{\s*unsubscribe_(link|url)\s*\}\}/.test(input.body)
    ? input.body
    : `${input.body.trimEnd()}\n\n{{ unsubscribe_link }}`;
  return {
    subject: input.subject,
    body,
    steps: [
      "In Shopify admin, open Marketing › Automations and choose Create automation › Create custom automation.",
      "Trigger: choose “Rapport message” (from the Rapport app).",
      `Condition: add a condition on “Rapport message › Campaign”, is equal to “${input.campaignName}”. One automation can branch to one email per Rapport campaign.`,
      "Then: add the action “Send marketing email” and create its email with Shopify Email.",
      "Paste the subject below into the email's subject, and the text below into a Text section of the design.",
      "Turn the automation on. Shopify tells Rapport, and Settings shows the Rapport trigger as on; then activate this campaign.",
      `Shopify sends the email only to customers subscribed to email marketing, and counts it against your Shopify Email sends (${AUTOMATIONS_SOURCE}).`,
    ],
  };
}
