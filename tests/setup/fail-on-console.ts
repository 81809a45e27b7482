// console.error or console.warn during a test is a failure: it is how React, Remix and
// our own code report problems that would otherwise pass silently.
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  for (const method of ["error", "warn"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      throw new Error(`console.${method} called during a test: ${args.map(String).join(" ")}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});
