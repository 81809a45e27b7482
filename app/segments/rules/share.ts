// A segment's size as a share of the store, and the warning a "VIP" segment earns when it is no
// longer exclusive (decision 0190): recognition sent to a third of the store is not recognition.
import { countOf, formatPercent, shareOf } from "~/shared/format";

/** Above this share of the store's customers, a loyalty / VIP segment gets a warning. */
export const VIP_SHARE_LIMIT = 0.25;

const VIP_NAME = /\b(vip|loyal|loyalty|best|top)\b/i;

/** A segment meant to be exclusive: the loyalty pillar's, or one whose name says VIP, loyal, best or top. */
export function isVipSegment(segment: { pillar: string | null; name: string }): boolean {
  return segment.pillar === "loyalty" || VIP_NAME.test(segment.name);
}

export interface SegmentShare {
  /** members / customers, or null for a store without customers. */
  share: number | null;
  /** "10.2% of 10,000 customers", or null without customers. */
  text: string | null;
  /** Set when a VIP segment holds more than VIP_SHARE_LIMIT of the store. */
  warning: string | null;
}

export function segmentShare(members: number, customers: number, vip: boolean): SegmentShare {
  const share = shareOf(members, customers);
  if (share === null) return { share: null, text: null, warning: null };
  const text = `${formatPercent(share)} of ${countOf(customers, "customer")}`;
  const warning =
    vip && share > VIP_SHARE_LIMIT
      ? `This VIP segment holds ${formatPercent(share)} of your customers. A thank-you to this many is not recognition: keep it under ${formatPercent(VIP_SHARE_LIMIT)}, for example the top 10% by RFM score.`
      : null;
  return { share, text, warning };
}
