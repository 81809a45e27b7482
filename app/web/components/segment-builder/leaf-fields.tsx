// The inputs for one leaf rule. Each change hands back a whole new rule (the tree is immutable).
import { Checkbox, InlineGrid, Select, TextField } from "@shopify/polaris";
import {
  EMAIL_MARKETING_STATES,
  MILESTONE_KINDS,
  RETURN_REASON_HANDLES,
  SEGMENT_FIELDS,
  type ReturnedRule,
  type SegmentRule,
} from "~/segments/rules";
import { COMPARE_OPS, DATE_OPS, list, numberOrText, TOP_MEASURE_OPTIONS } from "./defaults";

type Leaf = Exclude<SegmentRule, { type: "all" | "any" | "not" }>;

const FIELD_OPTIONS = Object.entries(SEGMENT_FIELDS).map(([value, spec]) => ({ value, label: spec.description }));
const DATE_FIELDS = Object.entries(SEGMENT_FIELDS)
  .filter(([, s]) => s.kind === "date")
  .map(([value, spec]) => ({ value, label: spec.description }));
const text = (v: unknown) => (v === undefined || v === null ? "" : Array.isArray(v) ? v.join(", ") : String(v));
const optNumber = (v: string) => {
  const n = numberOrText(v);
  return typeof n === "number" ? n : undefined;
};

export function LeafFields({
  rule,
  id,
  onChange,
  error,
}: {
  rule: Leaf;
  id: string;
  onChange: (rule: SegmentRule) => void;
  error?: string;
}) {
  const num = (v: string) => numberOrText(v) as number;
  switch (rule.type) {
    case "compare": {
      const valueText = text(rule.value);
      const setValue = (raw: string, op = rule.op): SegmentRule => {
        if (op === "isSet") return { ...rule, op, value: undefined };
        if (op === "in" || op === "between") return { ...rule, op, value: list(raw).map((x) => numberOrText(x) ?? x) };
        return { ...rule, op, value: numberOrText(raw) };
      };
      return (
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
          <Select
            label="Field"
            options={FIELD_OPTIONS}
            value={rule.field}
            onChange={(field) => onChange({ ...rule, field })}
            id={`${id}-field`}
          />
          <Select
            label="Condition"
            options={COMPARE_OPS}
            value={rule.op}
            onChange={(op) => onChange(setValue(valueText, op as typeof rule.op))}
            id={`${id}-op`}
          />
          {rule.op === "isSet" ? null : (
            <TextField
              label="Value"
              value={valueText}
              onChange={(v) => onChange(setValue(v))}
              autoComplete="off"
              error={error}
              id={`${id}-value`}
            />
          )}
        </InlineGrid>
      );
    }
    case "relativeDate":
      return (
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
          <Select
            label="Date"
            options={DATE_FIELDS}
            value={rule.field}
            onChange={(field) => onChange({ ...rule, field })}
            id={`${id}-field`}
          />
          <Select
            label="When"
            options={DATE_OPS}
            value={rule.op}
            onChange={(op) => onChange({ ...rule, op: op as typeof rule.op })}
            id={`${id}-op`}
          />
          <TextField
            label="Days"
            type="number"
            value={text(rule.days)}
            onChange={(v) => onChange({ ...rule, days: num(v) })}
            autoComplete="off"
            error={error}
            id={`${id}-days`}
          />
        </InlineGrid>
      );
    case "productAffinity":
      return (
        <InlineGrid columns={{ xs: 1, md: 4 }} gap="200">
          <TextField
            label="Product ID (blank: any product)"
            value={text(rule.productId)}
            onChange={(v) => onChange({ ...rule, productId: v.trim() || undefined })}
            autoComplete="off"
            id={`${id}-product`}
          />
          <TextField
            label="In at least N orders"
            type="number"
            value={text(rule.minOrders)}
            onChange={(v) => onChange({ ...rule, minOrders: num(v) })}
            autoComplete="off"
            error={error}
            id={`${id}-min`}
          />
          <TextField
            label="Within days (blank: ever)"
            type="number"
            value={text(rule.withinDays)}
            onChange={(v) => onChange({ ...rule, withinDays: optNumber(v) })}
            autoComplete="off"
            id={`${id}-within`}
          />
          <Checkbox
            label="Has a premium version"
            checked={rule.requirePremium ?? false}
            onChange={(c) => onChange({ ...rule, requirePremium: c || undefined })}
            id={`${id}-premium`}
          />
        </InlineGrid>
      );
    case "returned":
      return (
        <InlineGrid columns={{ xs: 1, md: 4 }} gap="200">
          <TextField
            label="Product ID (blank: any product)"
            value={text(rule.productId)}
            onChange={(v) => onChange({ ...rule, productId: v.trim() || undefined })}
            autoComplete="off"
            id={`${id}-product`}
          />
          <TextField
            label="Reasons (blank: any)"
            helpText={RETURN_REASON_HANDLES.join(", ")}
            value={text(rule.reasons)}
            // The draft keeps what the merchant typed, known handle or not: saving validates it
            // (parseSegment) and names the unknown handle, which dropping it here would hide.
            onChange={(v) =>
              onChange({ ...rule, reasons: list(v).length ? (list(v) as ReturnedRule["reasons"]) : undefined })
            }
            autoComplete="off"
            error={error}
            id={`${id}-reasons`}
          />
          <TextField
            label="Within days (blank: ever)"
            type="number"
            value={text(rule.withinDays)}
            onChange={(v) => onChange({ ...rule, withinDays: optNumber(v) })}
            autoComplete="off"
            id={`${id}-within`}
          />
          <Checkbox
            label="Product relaunched since"
            checked={rule.relaunchedSince ?? false}
            onChange={(c) => onChange({ ...rule, relaunchedSince: c || undefined })}
            id={`${id}-relaunched`}
          />
        </InlineGrid>
      );
    case "milestone":
      return (
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
          <Select
            label="Milestone"
            options={MILESTONE_KINDS.map((k) => ({ value: k, label: k.replaceAll("_", " ") }))}
            value={rule.kind}
            onChange={(k) => onChange({ ...rule, kind: k as typeof rule.kind })}
            id={`${id}-kind`}
          />
          <TextField
            label="Threshold at least (blank: any)"
            value={text(rule.minThreshold)}
            onChange={(v) => onChange({ ...rule, minThreshold: numberOrText(v) })}
            autoComplete="off"
            error={error}
            id={`${id}-threshold`}
          />
          <TextField
            label="Reached within days (blank: ever)"
            type="number"
            value={text(rule.withinDays)}
            onChange={(v) => onChange({ ...rule, withinDays: optNumber(v) })}
            autoComplete="off"
            id={`${id}-within`}
          />
        </InlineGrid>
      );
    case "top":
      return (
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
          <Select
            label="Ranked by"
            options={TOP_MEASURE_OPTIONS}
            value={rule.by}
            onChange={(by) => onChange({ ...rule, by: by as typeof rule.by })}
            id={`${id}-by`}
          />
          <TextField
            label="Top percent of customers (1–50)"
            type="number"
            value={text(rule.percent)}
            onChange={(v) => onChange({ ...rule, percent: num(v) })}
            autoComplete="off"
            suffix="%"
            error={error}
            id={`${id}-percent`}
          />
        </InlineGrid>
      );
    case "consent":
      return (
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
          <Select
            label="Channel"
            options={[
              { value: "email", label: "Email" },
              { value: "sms", label: "SMS" },
            ]}
            value={rule.channel}
            onChange={(c) => onChange({ ...rule, channel: c as typeof rule.channel })}
            id={`${id}-channel`}
          />
          <TextField
            label="States"
            helpText={EMAIL_MARKETING_STATES.join(", ")}
            value={text(rule.states)}
            onChange={(v) => onChange({ ...rule, states: list(v) })}
            autoComplete="off"
            error={error}
            id={`${id}-states`}
          />
        </InlineGrid>
      );
    case "tag":
      return (
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
          <Select
            label="Match"
            options={[
              { value: "any", label: "Has any of" },
              { value: "all", label: "Has all of" },
            ]}
            value={rule.match}
            onChange={(m) => onChange({ ...rule, match: m as typeof rule.match })}
            id={`${id}-match`}
          />
          <TextField
            label="Tags (comma separated)"
            value={text(rule.tags)}
            onChange={(v) => onChange({ ...rule, tags: list(v) })}
            autoComplete="off"
            error={error}
            id={`${id}-tags`}
          />
        </InlineGrid>
      );
  }
}
