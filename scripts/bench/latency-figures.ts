// The latency bench's figures from per-order timings (ms since the epoch): each stage's
// percentiles, plus lost (an order whose due message never reached the SMTP server) and
// duplicated (a recipient who received more than one message).
export interface Timing {
  /** When the bench posted the webhook (its own clock), null if unknown. */
  postedAt: number | null;
  /** WebhookDelivery.receivedAt: the web server recorded it. */
  receivedAt: number;
  /** Message.createdAt: the tick that decided it (null: no message was made). */
  decidedAt: number | null;
  /** Message.sentAt: the outbox marked it sent after the SMTP server accepted it. */
  sentAt: number | null;
  /** The SMTP server's receipt of each message to this customer (more than one = duplicated). */
  smtpAt: number[];
}

export interface Spread {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { count: sorted.length, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: Math.round(sorted.at(-1)!) };
}

export function latencyFigures(expected: number, timings: Timing[]) {
  const delivered = timings.filter((t) => t.smtpAt.length > 0);
  const decided = timings.filter((t) => t.decidedAt !== null);
  return {
    /** Webhook received → handed to the channel (SMTP server's receipt): the headline figure. */
    receivedToHanded: spread(delivered.map((t) => t.smtpAt[0] - t.receivedAt)),
    receivedToDecided: spread(decided.map((t) => t.decidedAt! - t.receivedAt)),
    decidedToHanded: spread(delivered.filter((t) => t.decidedAt !== null).map((t) => t.smtpAt[0] - t.decidedAt!)),
    /** The outbox's own record (sentAt), next to the SMTP server's receipt. */
    receivedToSentAt: spread(timings.filter((t) => t.sentAt !== null).map((t) => t.sentAt! - t.receivedAt)),
    postedToReceived: spread(timings.filter((t) => t.postedAt !== null).map((t) => t.receivedAt - t.postedAt!)),
    messagesCreated: decided.length,
    delivered: delivered.length,
    lost: expected - delivered.length,
    duplicated: timings.filter((t) => t.smtpAt.length > 1).length,
  };
}
