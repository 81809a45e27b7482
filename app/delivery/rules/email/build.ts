// One customer's email from their materialised message (decision 0172): an HTML part (React Email
// layout) and a plain-text part with the same words, and the RFC 8058 one-click unsubscribe
// headers. Pure: the links are signed by the caller and passed in.
import { createElement } from "react";
import { render } from "@react-email/render";
import { EmailLayout } from "./layout";

export interface EmailContent {
  subject: string;
  /** The rendered Liquid body: plain text, possibly with customer data in it. */
  body: string;
  /** The button, when the campaign has a call-to-action link. */
  cta: { label: string; url: string } | null;
  shop: { name: string; address: string[] };
  unsubscribeUrl: string;
}

export interface BuiltEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export const DEFAULT_CTA_LABEL = "Take a look";

/** Header values cannot carry line breaks (header injection); subjects are one line already. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

export function plainText(content: EmailContent): string {
  const parts = [content.body.replace(/\r\n?/g, "\n").trim()];
  if (content.cta) parts.push(`${content.cta.label}: ${content.cta.url}`);
  parts.push(["--", content.shop.name, ...content.shop.address].join("\n"));
  parts.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  return `${parts.join("\n\n")}\n`;
}

export async function buildEmail(content: EmailContent): Promise<BuiltEmail> {
  if (!/^https?:\/\//.test(content.unsubscribeUrl)) throw new Error("buildEmail: the unsubscribe link must be http(s)");
  const cta = content.cta && { label: oneLine(content.cta.label) || DEFAULT_CTA_LABEL, url: content.cta.url };
  const normalised = { ...content, subject: oneLine(content.subject), cta };
  const html = await render(createElement(EmailLayout, { content: normalised }));
  return {
    subject: normalised.subject,
    html,
    text: plainText(normalised),
    headers: {
      // RFC 8058: an https URI the mailbox provider may POST "List-Unsubscribe=One-Click" to.
      "List-Unsubscribe": `<${content.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
