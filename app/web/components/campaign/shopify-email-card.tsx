// The Shopify Email channel's setup (decision 0181): the subject and text for the merchant's
// Shopify Email design, checked against the variables a design can use, and the steps to build
// the marketing automation that sends it. Starts from the campaign's template with Rapport's
// variables rewritten where Shopify Email has an equivalent.
import { Banner, BlockStack, Card, List, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import {
  SHOPIFY_EMAIL_VARIABLES,
  shopifyEmailSetup,
  toShopifyEmailText,
  validateShopifyEmailText,
} from "~/delivery/rules/shopify-email";

export function ShopifyEmailCard({
  campaignName,
  subject,
  body,
}: {
  campaignName: string;
  subject: string;
  body: string;
}) {
  const [design, setDesign] = useState(() => ({
    subject: toShopifyEmailText(subject),
    body: toShopifyEmailText(body),
  }));
  const subjectCheck = validateShopifyEmailText(design.subject, "Subject");
  const bodyCheck = validateShopifyEmailText(design.body, "Text");
  const setup = shopifyEmailSetup({ campaignName, ...design });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Shopify Email setup
        </Text>
        <Text as="p">
          On this channel Rapport picks who gets the email and when; the email itself is your Shopify Email design, the
          same for everyone in this campaign. A design can only fill Shopify Email&apos;s own variables, so
          Rapport&apos;s personal words do not reach the customer here. Choose the Email channel for that.
        </Text>
        <TextField
          label="Email subject in Shopify Email"
          value={design.subject}
          onChange={(v) => setDesign((d) => ({ ...d, subject: v }))}
          error={subjectCheck.ok ? undefined : subjectCheck.errors.slice(0, -1).join(" ")}
          autoComplete="off"
        />
        <TextField
          label="Email text in Shopify Email"
          value={design.body}
          onChange={(v) => setDesign((d) => ({ ...d, body: v }))}
          error={bodyCheck.ok ? undefined : bodyCheck.errors.slice(0, -1).join(" ")}
          multiline={6}
          monospaced
          autoComplete="off"
          helpText={`Variables Shopify Email fills: ${SHOPIFY_EMAIL_VARIABLES.map((v) => `{{ ${v} }}`).join(", ")}`}
        />
        {subjectCheck.ok && bodyCheck.ok ? (
          <BlockStack gap="200">
            <List type="number">
              {setup.steps.map((step) => (
                <List.Item key={step}>{step}</List.Item>
              ))}
            </List>
            <Text as="h3" variant="headingSm">
              Paste into Shopify Email
            </Text>
            <pre data-testid="shopify-email-paste" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
              {`Subject: ${setup.subject}\n\n${setup.body}`}
            </pre>
          </BlockStack>
        ) : (
          <Banner tone="warning" title="Shopify Email cannot show everything in this text">
            Fix the fields above; the setup steps appear when the text uses only Shopify Email&apos;s variables.
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
