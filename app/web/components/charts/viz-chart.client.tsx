// The Polaris Viz chart itself, loaded only in the browser: Polaris Viz reads `window` while it
// renders, so it cannot be server-rendered (decision 0197); chart.tsx shows its table meanwhile.
// A line chart whose series carry an interval is a LineChartRelational: each interval is a pair of
// hidden series (high, low) related to each other, and the area between them is shaded.
import { BarChart, LineChart, LineChartRelational, PolarisVizProvider } from "@shopify/polaris-viz";
import type { ChartSeries, ChartKind } from "./chart";

/** Line colours, and each one's band (the same hue, light), in series order. */
const COLORS = ["rgb(0, 91, 211)", "rgb(108, 112, 117)", "rgb(0, 133, 95)", "rgb(179, 83, 0)"];
const BANDS = [
  "rgba(0, 91, 211, 0.16)",
  "rgba(108, 112, 117, 0.2)",
  "rgba(0, 133, 95, 0.16)",
  "rgba(179, 83, 0, 0.16)",
];

/** The legend shows one entry for every band (Polaris Viz's relational legend). */
const BAND_LEGEND = "95% interval (shaded)";

type Point = { key: string; value: number | null };
const points = (labels: string[], values: (number | null)[]): Point[] =>
  labels.map((key, i) => ({ key, value: values[i] ?? null }));

export default function VizChart({
  kind,
  series,
  format,
}: {
  kind: ChartKind;
  series: ChartSeries[];
  format: (value: number) => string;
}) {
  const labels = series[0]?.points.map((p) => p.label) ?? [];
  const data = series.map((s, i) => ({
    name: s.name,
    color: COLORS[i % COLORS.length],
    data: points(
      labels,
      s.points.map((p) => p.value),
    ),
  }));
  const bands = series.flatMap((s, i) => (s.interval ? [{ interval: s.interval, i }] : []));
  const related = bands.flatMap(({ interval, i }, n) => {
    const high = data.length + 2 * n;
    return [
      {
        name: `${interval.name} (high)`,
        color: COLORS[i % COLORS.length],
        data: points(labels, interval.high),
        metadata: { relatedIndex: high + 1, areaColor: BANDS[i % BANDS.length], legendLabel: BAND_LEGEND },
      },
      {
        name: `${interval.name} (low)`,
        color: COLORS[i % COLORS.length],
        data: points(labels, interval.low),
        metadata: { relatedIndex: high, legendLabel: BAND_LEGEND },
      },
    ];
  });
  const value = (v: string | number | null) => (typeof v === "number" ? format(v) : v === null ? "—" : v);
  const common = {
    isAnimated: false,
    showLegend: series.length > 1,
    yAxisOptions: { labelFormatter: value },
    tooltipOptions: { valueFormatter: value },
  };
  return (
    <PolarisVizProvider defaultTheme="Light">
      {kind === "bar" ? (
        <BarChart data={data} {...common} />
      ) : related.length > 0 ? (
        <LineChartRelational data={[...data, ...related]} {...common} />
      ) : (
        <LineChart data={data} {...common} />
      )}
    </PolarisVizProvider>
  );
}
