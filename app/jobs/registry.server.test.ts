import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { allTasks, CRONTAB } from "~/jobs/registry.server";
import { isTaskName, taskPayloads } from "~/jobs/tasks";

describe("the task registry", () => {
  it("has a crontab graphile-worker accepts, naming only registered tasks", () => {
    const items = parseCrontab(CRONTAB);
    expect(items.length).toBeGreaterThan(0);
    const tasks = allTasks();
    for (const item of items) {
      expect(isTaskName(item.task) && tasks[item.task]).toBeTypeOf("function");
      const target = (item.payload as { task?: string } | null)?.task;
      if (target)
        expect(isTaskName(target) && tasks[target], `${target} is scheduled but not registered`).toBeTypeOf("function");
    }
  });

  it("has a handler for every declared task and no other", () => {
    expect(Object.keys(allTasks()).sort()).toEqual(Object.keys(taskPayloads).sort());
  });
});
