// The HTML part of a Rapport email, laid out with React Email (decision 0172): its components emit
// the table-based, inline-styled markup mail clients need, so no table here is hand-made. Every
// string below is rendered as React text, so customer data is escaped and never becomes markup.
import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { EmailContent } from "./build";

const page = { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" };
const card = {
  backgroundColor: "#ffffff",
  maxWidth: "560px",
  margin: "24px auto",
  padding: "24px",
  borderRadius: "8px",
};
const paragraph = { fontSize: "16px", lineHeight: "24px", color: "#111827", margin: "0 0 16px" };
const button = {
  backgroundColor: "#111827",
  color: "#ffffff",
  borderRadius: "6px",
  padding: "12px 20px",
  fontSize: "16px",
  fontWeight: 600,
  textDecoration: "none",
};
const footer = { fontSize: "12px", lineHeight: "18px", color: "#6b7280", margin: "0" };

/** Paragraphs split on blank lines; single line breaks kept inside a paragraph. */
export function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => p.split("\n"));
}

export function EmailLayout({ content }: { content: EmailContent }) {
  const preview = content.body.replace(/\s+/g, " ").trim().slice(0, 140);
  return (
    <Html lang="en">
      <Head>
        {/* Phones render at their own width; the card's max-width does the rest. */}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          {paragraphs(content.body).map((lines, i) => (
            <Text key={i} style={paragraph}>
              {lines.map((line, j) => (
                <span key={j}>
                  {j > 0 ? <br /> : null}
                  {line}
                </span>
              ))}
            </Text>
          ))}
          {content.cta ? (
            <Section style={{ padding: "8px 0 16px" }}>
              <Button href={content.cta.url} style={button}>
                {content.cta.label}
              </Button>
            </Section>
          ) : null}
          <Hr style={{ borderColor: "#e5e7eb", margin: "16px 0" }} />
          <Text style={footer}>{content.shop.name}</Text>
          {content.shop.address.map((line, i) => (
            <Text key={i} style={footer}>
              {line}
            </Text>
          ))}
          <Text style={{ ...footer, marginTop: "12px" }}>
            {"You receive this email because you subscribed to emails from "}
            {content.shop.name}
            {". "}
            <Link href={content.unsubscribeUrl} style={{ color: "#6b7280", textDecoration: "underline" }}>
              Unsubscribe
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
