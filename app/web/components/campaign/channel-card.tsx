// The campaign's channel: one choice per channel, each with the one sentence that says what the
// customer really receives through it (app/delivery/rules/channels.ts).
import { BlockStack, Card, ChoiceList, Link, Text } from "@shopify/polaris";
import { CHANNEL_INFO, CHANNELS, type Channel } from "~/delivery/rules/channels";

export interface ChannelCardProps {
  value: string;
  onChange: (value: Channel) => void;
  error?: string;
  /** Whether the email sender has been verified (Settings → Email sending). */
  emailVerified: boolean;
}

export function ChannelCard({ value, onChange, error, emailVerified }: ChannelCardProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Channel
        </Text>
        <ChoiceList
          title="How the customer receives this message"
          titleHidden
          choices={CHANNELS.map((c) => ({
            value: c,
            label: CHANNEL_INFO[c].label,
            helpText: CHANNEL_INFO[c].receives,
          }))}
          selected={[value]}
          onChange={(selected) => onChange(selected[0] as Channel)}
          error={error}
        />
        {value === "email" && !emailVerified ? (
          <Text as="p" tone="caution">
            Email sending is not verified yet: send a test email in <Link url="/app/settings">Settings</Link> before
            activating.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
