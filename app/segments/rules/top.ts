// "Top N % of the shop by a measure" (the "top" rule). Ranking a whole shop per query would need a
// window function over every profile; instead the whole-shop recompute stores, for p = 1..50, the
// measure of the customer at rank ceil(n·p/100) among the n ranked customers, best first
// (ShopIntelligence.topCuts, app/profile/top-cuts-sql.server.ts). A customer is in the top p % when
// their measure is at least that cut: ties at the cut are all in, so a share can exceed p a little.
// "rfm" is R+F+M (3–15) with ties broken by net spend; "predictedClv" is the predicted CLV.
import { compareDecimal, isDecimal } from "./decimal";
import { type CustomerFacts } from "./facts";
import { TOP_PERCENT_MAX, type TopMeasure, type TopRule } from "./types";

export interface RfmCut {
  /** R+F+M of the customer at the cut. */
  score: number;
  /** Their net spend (decimal string): the tie-break. */
  netSpend: string;
}

/** Index p − 1 holds the cut of the top p %; null when no customer was ranked. */
export interface TopCuts {
  rfm: (RfmCut | null)[];
  predictedClv: (number | null)[];
}

export const NO_TOP_CUTS: TopCuts = { rfm: [], predictedClv: [] };

/** The stored JSON ({"rfm": [[13, "812.5"], …], "predictedClv": ["812.5", …]}); anything malformed counts as absent. */
export function parseTopCuts(json: unknown): TopCuts {
  const record = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, TOP_PERCENT_MAX) : []);
  return {
    rfm: list(record.rfm).map((entry) =>
      Array.isArray(entry) &&
      Number.isSafeInteger(entry[0]) &&
      typeof entry[1] === "string" &&
      isDecimal(entry[1] as string)
        ? { score: entry[0] as number, netSpend: entry[1] as string }
        : null,
    ),
    predictedClv: list(record.predictedClv).map((entry) => {
      const n = typeof entry === "string" && entry.trim() !== "" ? Number(entry) : NaN;
      return Number.isFinite(n) ? n : null;
    }),
  };
}

export interface TopEvidence {
  by: TopMeasure;
  percent: number;
  /** The customer's measure: R+F+M with net spend, or the predicted CLV; null when unranked. */
  value: RfmCut | number | null;
  /** The shop's cut for that percent; null before the first recompute or with nobody ranked. */
  cut: RfmCut | number | null;
}

function rfmOf(facts: CustomerFacts): RfmCut | null {
  const { rScore, fScore, mScore, netSpend } = facts.fields;
  if (typeof rScore !== "number" || typeof fScore !== "number" || typeof mScore !== "number") return null;
  if (typeof netSpend !== "string") return null;
  return { score: rScore + fScore + mScore, netSpend };
}

export function topLeaf(rule: TopRule, facts: CustomerFacts): { matched: boolean; actual: TopEvidence } {
  const cuts = facts.topCuts ?? NO_TOP_CUTS;
  if (rule.by === "rfm") {
    const value = rfmOf(facts);
    const cut = cuts.rfm[rule.percent - 1] ?? null;
    const matched =
      value !== null &&
      cut !== null &&
      (value.score > cut.score || (value.score === cut.score && compareDecimal(value.netSpend, cut.netSpend) >= 0));
    return { matched, actual: { by: rule.by, percent: rule.percent, value, cut } };
  }
  const clv = facts.fields.predictedClv;
  const value = typeof clv === "number" ? clv : null;
  const cut = cuts.predictedClv[rule.percent - 1] ?? null;
  return {
    matched: value !== null && cut !== null && value >= cut,
    actual: { by: rule.by, percent: rule.percent, value, cut },
  };
}
