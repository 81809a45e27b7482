import { afterEach, describe, expect, it, vi } from "vitest";
import { pillarTemplates } from "~/campaigns/rules/pillar-templates";
import { buildScope } from "./context";
import { compile, compileUrl } from "./engine";
import { sampleFacts } from "./fixtures";

afterEach(() => vi.restoreAllMocks());

// LiquidJS reads performance.now() when a render starts and before each node; a jump between the
// two, with no CPU time spent, is what a process the machine did not run looks like.
function stall(times: number, ms = 1000): void {
  const real = performance.now.bind(performance);
  let calls = 0;
  let stalls = 0;
  vi.spyOn(performance, "now").mockImplementation(() => real() + (++calls % 2 === 0 && stalls++ < times ? ms : 0));
}

describe("render time limit", () => {
  const { message } = pillarTemplates()[0];
  const scope = buildScope(sampleFacts(), "https://acme.myshopify.com/x");

  it("does not fail a cheap template because the process was paused (twice in a row, as seen on a busy machine)", () => {
    const body = compile(message.body);
    const link = compileUrl(message.ctaUrl);
    const expected = [body(scope), link(scope)];
    stall(2);
    expect(body(scope)).toBe(expected[0]);
    stall(2);
    expect(link(scope)).toBe(expected[1]);
  });

  it("gives up after three stalled tries", () => {
    stall(3);
    expect(() => compile(message.body)(scope)).toThrow(/longer than 100 ms/);
  });

  it("fails at once a render that spends the time in CPU", () => {
    let cpu = 0;
    vi.spyOn(process, "cpuUsage").mockImplementation(() => ({ user: (cpu += 200_000), system: 0 }));
    const render = vi.spyOn(performance, "now");
    stall(1);
    expect(() => compile(message.subject)(scope)).toThrow(/longer than 100 ms/);
    expect(render.mock.calls.length).toBe(2); // one try: the start and the first check
  });
});
