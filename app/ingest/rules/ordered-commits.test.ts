import { describe, expect, it } from "vitest";
import { OrderedCommits } from "~/ingest/rules/ordered-commits";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("OrderedCommits", () => {
  it("runs two at once but commits in order, each seeing the state before it", async () => {
    const commits = new OrderedCommits<number[]>([], 2);
    let running = 0;
    let most = 0;
    for (const [i, ms] of [
      [0, 30],
      [1, 5],
      [2, 20],
      [3, 1],
    ]) {
      await commits.submit(async (previous) => {
        running++;
        most = Math.max(most, running);
        await tick(ms);
        const before = await previous;
        running--;
        return [...before, i];
      });
    }
    expect(await commits.finish()).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });

  it("fails every later batch once one fails, and reports the first failure after all settled", async () => {
    const commits = new OrderedCommits<number>(0, 2);
    const settled: string[] = [];
    await commits.submit(async () => {
      await tick(10);
      settled.push("a");
      throw new Error("batch 1 failed");
    });
    await commits.submit(async (previous) => {
      await tick(30);
      try {
        return await previous;
      } finally {
        settled.push("b");
      }
    });
    await expect(commits.finish()).rejects.toThrow("batch 1 failed");
    expect(settled).toEqual(["a", "b"]);
  });
});
