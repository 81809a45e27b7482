// Segments as data: validate, evaluate in memory, explain, compile to SQL. See README.md.
export * from "./types";
export { SEGMENT_FIELDS, fieldSpec, type FieldName, type FieldSpec, type FieldKind } from "./fields";
export type { CustomerFacts, FieldValue, OrderFact, ReturnLineFact, MilestoneFact, MappingFact } from "./facts";
export {
  parseSegment,
  assertSegment,
  formatSegmentErrors,
  SegmentValidationError,
  type SegmentError,
  type ParseResult,
} from "./validate";
export { evaluateSegment } from "./evaluate";
export { explainSegment, explanationText, type Explanation, type ExplanationText } from "./explain";
export { type Vocabulary } from "./words";
export { describeRule } from "./describe";
export { compileSegmentSql, type CompiledSql } from "./sql";
export { DAY_MS } from "./time";
export { isVipSegment, segmentShare, VIP_SHARE_LIMIT, type SegmentShare } from "./share";
export { parseTopCuts, NO_TOP_CUTS, type TopCuts, type RfmCut, type TopEvidence } from "./top";
