// Renders per second of a ready-made pillar template over varied customers (parsed templates are
// cached, facts → scope conversion is included). Run: npx tsx scripts/bench/renders.ts
import { pathToFileURL } from "node:url";
import { emptyFacts, sampleFacts } from "~/campaigns/rules/messages/fixtures";
import { renderMessage } from "~/campaigns/rules/messages/render";
import { pillarTemplates } from "~/campaigns/rules/pillar-templates";

export interface RenderBenchFigures {
  rendersPerSecond: number;
  renders: number;
  seconds: number;
  templates: number;
  targetRendersPerSecond: 5000;
}

export function runRenderBench(durationMs = 3000): RenderBenchFigures {
  const templates = pillarTemplates().map((t) => t.message);
  const facts = Array.from({ length: 1000 }, (_, i) =>
    i % 5 === 0 ? emptyFacts() : sampleFacts({ customer: { firstName: `Customer${i}`, lastName: null } }),
  );
  // Warm-up so the JIT and the template cache are in steady state before timing.
  for (let i = 0; i < 20_000; i++) renderMessage(templates[i % templates.length], facts[i % facts.length]);
  let renders = 0;
  let checksum = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(durationMs) * 1_000_000n;
  while (process.hrtime.bigint() - start < limit) {
    for (let i = 0; i < 1000; i++, renders++)
      checksum += renderMessage(templates[renders % templates.length], facts[renders % facts.length]).body.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (checksum === 0) throw new Error("renders produced nothing");
  return {
    rendersPerSecond: Math.round(renders / seconds),
    renders,
    seconds: Number(seconds.toFixed(2)),
    templates: templates.length,
    targetRendersPerSecond: 5000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(runRenderBench()));
}
