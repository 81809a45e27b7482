// A segment explanation as a nested list: each rule, whether it matched, and the deciding value.
import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import type { Explanation } from "~/segments/rules";

function actualText(actual: unknown): string | null {
  if (actual === undefined || actual === null) return null;
  if (typeof actual === "string" || typeof actual === "number" || typeof actual === "boolean") return String(actual);
  return JSON.stringify(actual);
}

export function ExplanationTree({ explanation, depth = 0 }: { explanation: Explanation; depth?: number }) {
  const actual = actualText(explanation.actual);
  return (
    <Box paddingInlineStart={depth > 0 ? "400" : "0"}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Badge tone={explanation.matched ? "success" : undefined}>
            {explanation.matched ? "Matched" : "Not matched"}
          </Badge>
          <Text as="span">{explanation.label ?? explanation.rule}</Text>
          {actual ? (
            <Text
              as="span"
              tone="subdued"
              variant="bodySm"
            >{`(value: ${actual.length > 120 ? `${actual.slice(0, 117)}…` : actual})`}</Text>
          ) : null}
        </InlineStack>
        {explanation.children?.map((child) => (
          <ExplanationTree key={child.path} explanation={child} depth={depth + 1} />
        ))}
      </BlockStack>
    </Box>
  );
}
