// The rule tree editor: groups (all / any / none of) hold rules; each rule can be removed, and
// each group can receive a rule of any type. Validation errors appear on the rule they name.
import { Badge, BlockStack, Box, Button, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { SegmentError, SegmentRule } from "~/segments/rules";
import { LEAF_CHOICES, newRule, type AddableType } from "./defaults";
import { LeafFields } from "./leaf-fields";

const GROUP_LABEL = {
  all: "All of these are true",
  any: "Any of these is true",
  not: "None of these is true",
} as const;

interface Props {
  rule: SegmentRule;
  path: string;
  errors: SegmentError[];
  onChange: (rule: SegmentRule) => void;
  onRemove?: () => void;
}

const childPath = (path: string, i: number) => `${path}${path ? "." : ""}rules[${i}]`;
const domId = (path: string) => `rule-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root"}`;

export function RuleEditor({ rule, path, errors, onChange, onRemove }: Props) {
  const own = errors.filter((e) => e.path === path).map((e) => e.message.replace(/^\([^)]*\)\s*/, ""));
  const id = domId(path);
  if (rule.type === "all" || rule.type === "any" || rule.type === "not") {
    const children = rule.type === "not" ? [rule.rule] : rule.rules;
    const setChildren = (next: SegmentRule[]): SegmentRule => {
      if (rule.type === "not")
        return next.length === 1
          ? { ...rule, rule: next[0] }
          : { type: "not", label: rule.label, rule: { type: "any", rules: next } };
      return { ...rule, rules: next };
    };
    const kids =
      rule.type === "not"
        ? [{ node: rule.rule, p: `${path}${path ? "." : ""}rule` }]
        : rule.rules.map((node, i) => ({ node, p: childPath(path, i) }));
    return (
      <Box
        padding="300"
        borderWidth="025"
        borderColor="border"
        borderRadius="200"
        background={path === "" ? "bg-surface" : "bg-surface-secondary"}
      >
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Select
                label="Group type"
                labelHidden
                id={`${id}-group`}
                options={Object.entries(GROUP_LABEL).map(([value, label]) => ({ value, label }))}
                value={rule.type}
                onChange={(t) => {
                  const type = t as "all" | "any" | "not";
                  if (type === "not")
                    onChange({
                      type,
                      label: rule.label,
                      rule: children.length === 1 ? children[0] : { type: "any", rules: children },
                    });
                  else onChange({ type, label: rule.label, rules: children });
                }}
              />
              {rule.label ? (
                <Text as="span" tone="subdued">
                  {rule.label}
                </Text>
              ) : null}
            </InlineStack>
            {onRemove ? (
              <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel="Remove group">
                Remove group
              </Button>
            ) : null}
          </InlineStack>
          {own.map((m) => (
            <Text key={m} as="p" tone="critical">
              {m}
            </Text>
          ))}
          {kids.map(({ node, p }, i) => (
            <RuleEditor
              key={p}
              rule={node}
              path={p}
              errors={errors}
              onChange={(next) => onChange(setChildren(children.map((c, j) => (j === i ? next : c))))}
              onRemove={
                children.length > 1 || rule.type !== "not"
                  ? () => onChange(setChildren(children.filter((_, j) => j !== i)))
                  : undefined
              }
            />
          ))}
          {rule.type === "not" ? null : (
            <AddRule id={id} onAdd={(type) => onChange(setChildren([...children, newRule(type)]))} />
          )}
        </BlockStack>
      </Box>
    );
  }
  const choice = LEAF_CHOICES.find((c) => c.value === rule.type);
  return (
    <Box
      padding="300"
      borderWidth="025"
      borderColor={own.length ? "border-critical" : "border"}
      borderRadius="200"
      background="bg-surface"
    >
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Badge>{choice?.label ?? rule.type}</Badge>
            {rule.label ? (
              <Text as="span" tone="subdued">
                {rule.label}
              </Text>
            ) : null}
          </InlineStack>
          {onRemove ? (
            <Button
              variant="plain"
              tone="critical"
              onClick={onRemove}
              accessibilityLabel={`Remove rule: ${rule.label ?? choice?.label ?? rule.type}`}
            >
              Remove
            </Button>
          ) : null}
        </InlineStack>
        <LeafFields rule={rule} id={id} onChange={onChange} error={own.length ? own.join(". ") : undefined} />
      </BlockStack>
    </Box>
  );
}

function AddRule({ id, onAdd }: { id: string; onAdd: (type: AddableType) => void }) {
  const [type, setType] = useState<AddableType>("compare");
  return (
    <InlineStack gap="200" blockAlign="end">
      <Select
        label="Rule type to add"
        labelHidden
        id={`${id}-add-type`}
        options={LEAF_CHOICES.map((c) => ({ value: c.value, label: c.label }))}
        value={type}
        onChange={(v) => setType(v as AddableType)}
      />
      <Button onClick={() => onAdd(type)}>Add rule</Button>
    </InlineStack>
  );
}
