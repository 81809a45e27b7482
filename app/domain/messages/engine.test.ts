import { afterEach, describe, expect, it, vi } from "vitest";
import { pillarTemplates } from "~/domain/campaigns/pillar-templates";
import { buildScope } from "./context";
import { compile, compileUrl } from "./engine";
import { sampleFacts } from "./fixtures";

afterEach(() => vi.restoreAllMocks());

// LiquidJS reads performance.now() when a render starts and before each node; a jump between the
// two is what a process paused by the machine looks like.
function stallOnce(ms: number): void {
  const real = performance.now.bind(performance);
  let calls = 0;
  vi.spyOn(performance, "now").mockImplementation(() => real() + (++calls === 2 ? ms : 0));
}

describe("render time limit", () => {
  const { message } = pillarTemplates()[0];
  const scope = buildScope(sampleFacts(), "https://acme.myshopify.com/x");

  it("does not fail a cheap template because the process stalled once", () => {
    const body = compile(message.body);
    const link = compileUrl(message.ctaUrl);
    const expected = [body(scope), link(scope)];
    stallOnce(1000);
    expect(body(scope)).toBe(expected[0]);
    stallOnce(1000);
    expect(link(scope)).toBe(expected[1]);
  });

  it("still stops a template that keeps going over the limit", () => {
    vi.spyOn(performance, "now").mockImplementation(((t) => () => (t += 1000))(0));
    expect(() => compile(message.body)(scope)).toThrow(/longer than 100 ms/);
  });
});
