// A small inline SVG bar chart (no chart library): one bar per period, labelled axis ends, and
// the same numbers as a visually hidden table, because a screen reader gets only the SVG's
// one-line summary (per-bar <title>s are not reliably announced).
import { BlockStack, Box, Text } from "@shopify/polaris";

export interface ChartPoint {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };

export function BarChart({
  title,
  points,
  format = String,
}: {
  title: string;
  points: ChartPoint[];
  format?: (v: number) => string;
}) {
  if (points.length === 0) {
    return (
      <Text as="p" tone="subdued">
        No activity to chart yet.
      </Text>
    );
  }
  const max = Math.max(1, ...points.map((p) => p.value));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = innerW / points.length;
  const barW = Math.max(2, Math.min(40, step * 0.7));
  const total = points.reduce((sum, p) => sum + p.value, 0);
  return (
    <BlockStack gap="100">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${points.length} periods, total ${format(total)}`}
      >
        <line x1={PAD.left} y1={PAD.top + innerH} x2={WIDTH - PAD.right} y2={PAD.top + innerH} stroke="#8a8a8a" />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" fontSize="11" fill="#616161">
          {format(max)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + innerH} textAnchor="end" fontSize="11" fill="#616161">
          0
        </text>
        {points.map((p, i) => {
          const h = (p.value / max) * innerH;
          const x = PAD.left + i * step + (step - barW) / 2;
          return (
            <rect key={p.label} x={x} y={PAD.top + innerH - h} width={barW} height={h} fill="#005bd3" rx="2">
              <title>{`${p.label}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
        <text x={PAD.left} y={HEIGHT - 8} fontSize="11" fill="#616161">
          {points[0].label}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fontSize="11" fill="#616161">
          {points[points.length - 1].label}
        </text>
      </svg>
      <Box visuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
    </BlockStack>
  );
}
