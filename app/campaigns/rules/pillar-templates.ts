// Ready-made campaigns, one or more per pillar, created from a pillar in one click and then
// editable. Lifecycle check-ins are three separate campaigns (7, 14, 30 days): each has its own
// copy, holdout and results, and the frequency cap spaces them (docs/decisions/0052-campaign-model.md).
import type { PillarId } from "~/segments/rules/pillars";
import type { MessageTemplate } from "~/campaigns/rules/messages/render";
import type { Trigger } from "./trigger";

export interface PillarTemplate {
  key: string;
  pillar: PillarId;
  /** The pillar segment variant (app/segments/rules/pillars) the campaign starts from. */
  segmentVariant: string;
  name: string;
  description: string;
  trigger: Trigger;
  message: MessageTemplate & { ctaLabel: string };
  holdoutPercent: number;
  attributionDays: number;
}

const signOff = "\n\nWarmly,\nThe {{ shop.name }} team";

const checkIn = (days: 7 | 14 | 30, subject: string, body: string, ctaLabel: string): PillarTemplate => ({
  key: `lifecycle-day-${days}`,
  pillar: "lifecycle",
  segmentVariant: `day-${days}`,
  name: `${days}-day check-in`,
  description: `Checks in ${days} days after a purchase, if it is still the customer's latest order.`,
  trigger: { kind: "event", event: "order_placed", delayDays: days },
  message: { subject, body: body + signOff, ctaUrl: "{{ product_just_bought.url | default: shop.url }}", ctaLabel },
  holdoutPercent: 10,
  attributionDays: 7,
});

const TEMPLATES: readonly PillarTemplate[] = [
  {
    key: "loyalty-thank-you",
    pillar: "loyalty",
    segmentVariant: "top-rfm",
    name: "VIP thank-you",
    description: "Thanks a customer who just reached a milestone and invites them to the VIP list. No discount.",
    trigger: { kind: "milestone", milestone: "any" },
    message: {
      subject: "{{ customer.first_name }}, thank you for {{ milestone.label }}",
      body:
        "Hi {{ customer.first_name }},\n\nReaching {{ milestone.label }} makes you one of the people {{ shop.name }} is built for, and we wanted to say thank you, properly.\n\n" +
        "We'd love you to join our VIP circle: first look at new releases and a direct line to our team. No codes, no catch, just our appreciation." +
        signOff,
      ctaUrl: "{{ shop.url }}",
      ctaLabel: "Join the VIP circle",
    },
    holdoutPercent: 10,
    attributionDays: 14,
  },
  checkIn(
    7,
    "How is {{ product_just_bought.name }} working out, {{ customer.first_name }}?",
    "Hi {{ customer.first_name }},\n\nIt's been a week since your order {{ last_order.name }}. We hope {{ product_just_bought.name }} is everything you wanted. If anything isn't right, just reply to this email and we'll sort it out.",
    "See your product",
  ),
  checkIn(
    14,
    "Getting the most from {{ product_just_bought.name }}",
    "Hi {{ customer.first_name }},\n\nTwo weeks in with {{ product_just_bought.name }}. Customers who love it tend to pair it with something else from our range; have a look when you have a minute.",
    "Explore the range",
  ),
  checkIn(
    30,
    "Time for more {{ favourite_product.name }}?",
    "Hi {{ customer.first_name }},\n\nIt's been a month since your last order. If you're running low on {{ favourite_product.name }}, it's one click away{% if usual_size %}, in your usual size {{ usual_size }}{% endif %}.",
    "Shop again",
  ),
  {
    key: "affinity-premium",
    pillar: "affinity",
    segmentVariant: "repeat-premium",
    name: "Premium version for repeat buyers",
    description: "A customer who bought the same product 3+ times in 90 days hears about its premium version.",
    trigger: { kind: "event", event: "order_placed", delayDays: 1, once: true },
    message: {
      subject: "{{ customer.first_name }}, meet {{ premium_product.name }}",
      body:
        "Hi {{ customer.first_name }},\n\nYou keep coming back to the same favourite, so we thought you'd like to be first to hear about {{ premium_product.name }}: the premium version, made for people who already know what they like." +
        signOff,
      ctaUrl: "{{ premium_product.url | default: shop.url }}",
      ctaLabel: "Discover the premium version",
    },
    holdoutPercent: 10,
    attributionDays: 14,
  },
  {
    key: "reengagement-relaunch",
    pillar: "reengagement",
    segmentVariant: "relaunched-after-return",
    name: "Early access to the improved product",
    description: "A customer who returned a product for fit, sizing or quality gets early access once you relaunch it.",
    trigger: { kind: "relaunch" },
    message: {
      subject: "We listened: {{ relaunched_product.name }} is back, and better",
      body:
        "Hi {{ customer.first_name }},\n\nYou sent {{ relaunched_product.name }} back, and you weren't the only one with feedback. We've changed it: {{ relaunched_product.what_changed }}.\n\n" +
        "Because your feedback helped shape it, you get early access before everyone else." +
        signOff,
      ctaUrl: "{{ relaunched_product.url | default: shop.url }}",
      ctaLabel: "Get early access",
    },
    holdoutPercent: 10,
    attributionDays: 14,
  },
];

export function pillarTemplates(pillar?: PillarId): PillarTemplate[] {
  return TEMPLATES.filter((t) => !pillar || t.pillar === pillar).map((t) => structuredClone(t));
}

export function pillarTemplate(key: string): PillarTemplate | undefined {
  const found = TEMPLATES.find((t) => t.key === key);
  return found && structuredClone(found);
}
