// The value that decided a leaf, in words (explain.ts puts it in Explanation.value).
import { countOf, formatPercent } from "~/shared/format";
import { milestoneWords } from "./describe";
import { type LeafResult } from "./leaves";
import { type RfmCut, type TopEvidence } from "./top";
import { type SegmentRule } from "./types";
import { dateWords, fieldValueWords, listWords, moneyWords, productWords, stateWords, type Vocabulary } from "./words";

type Leaf = Exclude<SegmentRule, { type: "all" | "any" | "not" }>;

interface ReturnEvidence {
  productId: string | null;
  reasonHandle: string | null;
  createdAt: string;
}

function rfmWords(value: RfmCut, vocab: Vocabulary): string {
  return `R+F+M ${value.score} with ${moneyWords(value.netSpend, vocab)} net spend`;
}

function topWords(evidence: TopEvidence, vocab: Vocabulary): string {
  const what = evidence.by === "rfm" ? "RFM score" : "predicted CLV";
  if (evidence.cut === null) return "the shop's customers have not been ranked yet";
  const show = (v: RfmCut | number) => (typeof v === "number" ? moneyWords(v, vocab) : rfmWords(v, vocab));
  const starts = `the top ${formatPercent(evidence.percent / 100)} starts at ${show(evidence.cut)}`;
  if (evidence.value === null) return `no ${what} yet; ${starts}`;
  return `${show(evidence.value)}; ${starts}`;
}

export function leafValueWords(rule: Leaf, result: LeafResult, vocab: Vocabulary): string {
  const actual = result.actual;
  switch (rule.type) {
    case "compare":
      return fieldValueWords(rule.field, actual as Parameters<typeof fieldValueWords>[1], vocab);
    case "relativeDate":
      return actual instanceof Date ? dateWords(actual) : "none";
    case "productAffinity": {
      const best = actual as { productId: string; orders: number } | null;
      return best
        ? `${productWords(best.productId, vocab)} in ${countOf(best.orders, "order")}`
        : "no product bought in that window";
    }
    case "returned": {
      const lines = actual as ReturnEvidence[];
      if (lines.length === 0) return "no such return";
      return listWords(
        lines.map(
          (l) =>
            `${productWords(l.productId, vocab)} on ${dateWords(l.createdAt)}${l.reasonHandle ? ` (${stateWords(l.reasonHandle)})` : ""}`,
        ),
      );
    }
    case "milestone": {
      const reached = actual as { threshold: string; reachedAt: string }[];
      if (reached.length === 0) return "not reached in that window";
      return listWords(
        reached.map((m) => `${milestoneWords(rule.kind, m.threshold, vocab)} on ${dateWords(m.reachedAt)}`),
      );
    }
    case "top":
      return topWords(actual as TopEvidence, vocab);
    case "consent":
      return typeof actual === "string" ? stateWords(actual) : "not known";
    case "tag": {
      const tags = actual as string[];
      return tags.length === 0 ? "no tags" : tags.join(", ");
    }
  }
}
