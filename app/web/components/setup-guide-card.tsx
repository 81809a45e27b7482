// Home's setup guide, as Shopify apps show one: the first hour's steps with their state and a link
// to where each is done; it folds to one line once every step is done (remembered per shop).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { GuideStep, SetupGuide } from "~/web/screens/setup-guide";

export function SetupGuideCard({ guide }: { guide: SetupGuide }) {
  const fetcher = useFetcher();
  if (guide.display === "hidden") return null;
  const total = guide.steps.length;
  const folded = guide.display === "folded";
  const submit = (intent: "fold" | "unfold" | "dismiss") =>
    fetcher.submit({ form: "guide", intent }, { method: "post" });
  const busy = fetcher.state !== "idle";
  return (
    <div data-testid="setup-guide" data-display={guide.display}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                {guide.complete ? "Setup complete" : "Setup guide"}
              </Text>
              <Text as="p" tone="subdued">
                <span data-testid="setup-guide-progress">{`${guide.doneCount} of ${total} steps done`}</span>
              </Text>
            </BlockStack>
            <InlineStack gap="200">
              <Button
                variant="plain"
                disabled={busy}
                ariaExpanded={!folded}
                ariaControls="setup-guide-steps"
                onClick={() => submit(folded ? "unfold" : "fold")}
              >
                {folded ? "Show steps" : "Hide steps"}
              </Button>
              <Button variant="plain" tone="critical" disabled={busy} onClick={() => submit("dismiss")}>
                Dismiss guide
              </Button>
            </InlineStack>
          </InlineStack>
          <ProgressBar
            progress={(guide.doneCount / total) * 100}
            size="small"
            tone="success"
            ariaLabelledBy="setup-guide-label"
          />
          <span id="setup-guide-label" hidden>
            Setup progress
          </span>
          {folded ? null : (
            <ol id="setup-guide-steps" style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {guide.steps.map((step, index) => (
                <StepRow key={step.id} step={step} number={index + 1} />
              ))}
            </ol>
          )}
        </BlockStack>
      </Card>
    </div>
  );
}

function StepRow({ step, number }: { step: GuideStep; number: number }) {
  return (
    <li data-testid={`setup-step-${step.id}`} data-done={step.done ? "true" : "false"}>
      <Box paddingBlock="200" borderBlockStartWidth="025" borderColor="border-secondary">
        <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">{`${number}. ${step.title}`}</Text>
              {step.done ? <Badge tone="success">Done</Badge> : <Badge>Not done</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued">
              {step.description}
            </Text>
          </BlockStack>
          {step.done ? null : (
            <Button url={step.action.url} accessibilityLabel={`${step.action.label}: ${step.title}`}>
              {step.action.label}
            </Button>
          )}
        </InlineStack>
      </Box>
    </li>
  );
}
