// A chart with its data table: the table is server-rendered and always there for screen readers
// and keyboard users (a <details> anyone can open); the Polaris Viz picture is drawn in the
// browser after hydration, in a box of fixed height so nothing shifts when it arrives.
import { BlockStack, Text } from "@shopify/polaris";
import { lazy, Suspense, useSyncExternalStore } from "react";

export type ChartKind = "bar" | "line";

export interface ChartSeries {
  name: string;
  points: { label: string; value: number | null }[];
  /** A band around a line chart's series (its interval), and a "low–high" column in the table. */
  interval?: { name: string; low: (number | null)[]; high: (number | null)[] };
}

const TABLE = { width: "100%", borderCollapse: "collapse", textAlign: "start", marginBlockStart: 8 } as const;

/** A missing value (a period nobody was in) reads "—", not 0. */
const nullable = (v: number | null | undefined, format: (value: number) => string) =>
  v === null || v === undefined ? "—" : format(v);

const rangeText = (low: number | null | undefined, high: number | null | undefined, format: (v: number) => string) =>
  low === null || low === undefined || high === null || high === undefined ? "—" : `${format(low)}–${format(high)}`;

// React 18 has no `inert` prop type yet; the attribute passes through as written.
const INERT = { inert: "" } as Record<string, string>;

const subscribeNothing = () => () => undefined;
const isBrowser = () => true;
const isServer = () => false;

const VizChart = lazy(() => import("./viz-chart.client"));

export function Chart({
  title,
  kind = "bar",
  series,
  format = String,
  height = 240,
  testId,
  empty = "No data to chart yet.",
  rowHeader = kind === "line" ? "Period" : "Group",
}: {
  title: string;
  kind?: ChartKind;
  series: ChartSeries[];
  format?: (value: number) => string;
  height?: number;
  testId?: string;
  empty?: string;
  /** The table's first column header: what each row is (bars over time are periods too). */
  rowHeader?: string;
}) {
  // False on the server and while hydrating, true after: React's own way to tell them apart.
  const mounted = useSyncExternalStore(subscribeNothing, isBrowser, isServer);
  const labels = series[0]?.points.map((p) => p.label) ?? [];
  const intervals = series.flatMap((s) => (s.interval ? [s.interval] : []));
  if (labels.length === 0)
    return (
      <div data-testid={testId}>
        <Text as="p" tone="subdued">
          {empty}
        </Text>
      </div>
    );
  return (
    <div data-testid={testId}>
      <BlockStack gap="200">
        {/* The picture repeats the table for sighted readers; Polaris Viz's own ARIA markup fails axe
            (an SVG role holding a role=list), so it is hidden from assistive technology and focus. */}
        <div style={{ height }} data-testid={testId ? `${testId}-picture` : undefined} aria-hidden="true" {...INERT}>
          {mounted ? (
            <Suspense fallback={null}>
              <VizChart kind={kind} series={series} format={format} />
            </Suspense>
          ) : null}
        </div>
        <details>
          <summary>
            <Text as="span" variant="bodySm" tone="subdued">{`Data table: ${title}`}</Text>
          </summary>
          <table style={TABLE} data-testid={testId ? `${testId}-table` : undefined}>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                {[...series, ...intervals].map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, row) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.name}>{nullable(s.points[row]?.value, format)}</td>
                  ))}
                  {intervals.map((i) => (
                    <td key={i.name}>{rangeText(i.low[row], i.high[row], format)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </BlockStack>
    </div>
  );
}
