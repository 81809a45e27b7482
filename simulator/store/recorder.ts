// Everything the app asked Shopify to do, kept for assertions.
import { MarketingBook } from "./marketing";

export interface FlowTriggerRecord {
  seq: number;
  at: number;
  handle: string;
  payload: unknown;
  /** Numeric customer id resolved from payload.customer_id (or a Customer GID), if any. */
  customerId: number | null;
}
export interface TagsAddRecord {
  at: number;
  id: string;
  tags: string[];
}
export interface SegmentRecord {
  id: number;
  at: number;
  name: string;
  query: string;
}
export interface ConsentRecord {
  at: number;
  customerId: number;
  channel: "email" | "sms";
  marketingState: string;
  marketingOptInLevel: string | null;
}

export class Recorder {
  flowTriggers: FlowTriggerRecord[] = [];
  tagsAdded: TagsAddRecord[] = [];
  segments: SegmentRecord[] = [];
  consentUpdates: ConsentRecord[] = [];
  /** External marketing activities and the engagements reported on them (graphql/marketing.ts). */
  readonly marketing = new MarketingBook();
  /** Every GraphQL operation received (name, at, throttled?), newest last; bounded. */
  operations: { at: number; operationName: string | null; status: "ok" | "throttled" | "fault" | "invalid" }[] = [];

  noteOperation(entry: Recorder["operations"][number]): void {
    this.operations.push(entry);
    if (this.operations.length > 5000) this.operations.splice(0, 1000);
  }

  clear(): void {
    this.flowTriggers = [];
    this.tagsAdded = [];
    this.segments = [];
    this.consentUpdates = [];
    this.marketing.clear();
    this.operations = [];
  }
}
