import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { allTasks, CRONTAB } from "~/jobs/registry.server";

describe("the task registry", () => {
  it("has a crontab graphile-worker accepts, naming only registered tasks", () => {
    const items = parseCrontab(CRONTAB);
    expect(items.length).toBeGreaterThan(0);
    const tasks = allTasks();
    for (const item of items) {
      expect(tasks[item.task]).toBeTypeOf("function");
      const target = (item.payload as { task?: string } | null)?.task;
      if (target) expect(tasks[target], `${target} is scheduled but not registered`).toBeTypeOf("function");
    }
  });
});
