// The Polaris Viz chart itself, loaded only in the browser: Polaris Viz reads `window` while it
// renders, so it cannot be server-rendered (decision 0197); chart.tsx shows its table meanwhile.
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { ChartSeries, ChartKind } from "./chart";

export default function VizChart({
  kind,
  series,
  format,
}: {
  kind: ChartKind;
  series: ChartSeries[];
  format: (value: number) => string;
}) {
  const data = series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ key: p.label, value: p.value })) }));
  const value = (v: string | number | null) => (typeof v === "number" ? format(v) : v === null ? "—" : v);
  const common = {
    data,
    isAnimated: false,
    showLegend: series.length > 1,
    yAxisOptions: { labelFormatter: value },
    tooltipOptions: { valueFormatter: value },
  };
  return (
    <PolarisVizProvider defaultTheme="Light">
      {kind === "line" ? <LineChart {...common} /> : <BarChart {...common} />}
    </PolarisVizProvider>
  );
}
