// Renders a campaign's three templates for one customer. The call-to-action URL is rendered
// first so subject and body can link to it as {{ cta_url }}. A template over a limit throws an
// Error whose message says why; callers record it as the message's failure reason.
import type { MessageFacts } from "./catalogue";
import { buildScope } from "./context";
import { renderSource, renderUrl } from "./engine";

export interface MessageTemplate {
  subject: string;
  body: string;
  ctaUrl: string;
}

export interface RenderedMessage {
  subject: string;
  body: string;
  ctaUrl: string;
}

export function renderMessage(template: MessageTemplate, facts: MessageFacts): RenderedMessage {
  const scope = buildScope(facts);
  const ctaUrl = renderUrl(template.ctaUrl, scope);
  scope.cta_url = ctaUrl;
  return { subject: renderSource(template.subject, scope).trim(), body: renderSource(template.body, scope), ctaUrl };
}
