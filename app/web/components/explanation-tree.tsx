// A segment explanation as a nested list: each rule, whether it matched, and the deciding value in
// words (the screen words it with the shop's currency and product titles; no raw value reaches here).
import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import type { ExplanationText } from "~/segments/rules";

export function ExplanationTree({ explanation, depth = 0 }: { explanation: ExplanationText; depth?: number }) {
  return (
    <Box paddingInlineStart={depth > 0 ? "400" : "0"}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Badge tone={explanation.matched ? "success" : undefined}>
            {explanation.matched ? "Matched" : "Not matched"}
          </Badge>
          <Text as="span">{explanation.text}</Text>
          {explanation.value ? (
            <span data-testid="explanation-value">
              <Text as="span" tone="subdued" variant="bodySm">{`(${explanation.value})`}</Text>
            </span>
          ) : null}
        </InlineStack>
        {explanation.children?.map((child) => (
          <ExplanationTree key={child.path} explanation={child} depth={depth + 1} />
        ))}
      </BlockStack>
    </Box>
  );
}
