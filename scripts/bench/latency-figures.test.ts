import { describe, expect, it } from "vitest";
import { latencyFigures, spread } from "./latency-figures";

describe("latency figures", () => {
  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(spread(values)).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
    expect(spread([])).toBeNull();
  });

  it("counts an order without a received message as lost and a second receipt as duplicated", () => {
    const figures = latencyFigures(3, [
      { postedAt: 0, receivedAt: 10, decidedAt: 20, sentAt: 40, smtpAt: [40] },
      { postedAt: 0, receivedAt: 10, decidedAt: 30, sentAt: 50, smtpAt: [50, 90] },
      { postedAt: 0, receivedAt: 10, decidedAt: null, sentAt: null, smtpAt: [] },
    ]);
    expect(figures).toMatchObject({ delivered: 2, lost: 1, duplicated: 1, messagesCreated: 2 });
    expect(figures.receivedToHanded).toMatchObject({ count: 2, p50Ms: 30, maxMs: 40 });
    expect(figures.decidedToHanded).toMatchObject({ count: 2, p50Ms: 20, maxMs: 20 });
  });
});
