// The chart's numbers reach a screen reader: every period and its formatted value is in a
// visually hidden table next to the SVG.
import { AppProvider } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";

const render = (points: { label: string; value: number }[]) =>
  renderToString(
    <AppProvider i18n={translations}>
      <BarChart title="Messages sent per week" points={points} format={(v) => `${v} sent`} />
    </AppProvider>,
  );

describe("BarChart", () => {
  it("lists every period and its value in a hidden table captioned with the title", () => {
    const html = render([
      { label: "2026-W47", value: 3 },
      { label: "2026-W48", value: 12 },
    ]);
    const table = /<div class="[^"]*Polaris-Box--visuallyHidden[^"]*"[^>]*><table>(.*)<\/table><\/div>/.exec(html)?.[1];
    expect(table).toBeDefined();
    expect(table).toContain("<caption>Messages sent per week</caption>");
    const rows = [...(table ?? "").matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ["2026-W47", "3 sent"],
      ["2026-W48", "12 sent"],
    ]);
  });

  it("renders no table when there is nothing to chart", () => {
    expect(render([])).not.toContain("<table");
  });
});
