// Home's RFM grid: customers per (recency score, frequency score) cell as a heat map. It is a real
// table, server-rendered (headers, caption, the count in every cell), so the picture and its data
// table are one thing: nothing mounts later and nothing shifts. The colour only repeats the count.
import { BlockStack, Text } from "@shopify/polaris";
import { shade, type RfmGrid } from "~/web/screens/home-rfm";
import { count } from "./format";

// A blue ramp; the text colour on each shade keeps WCAG AA contrast (≥ 4.5:1).
const SHADES = [
  { background: "#f4f6f8", color: "#303030" },
  { background: "#dbe8fb", color: "#1a1a1a" },
  { background: "#b4cff5", color: "#1a1a1a" },
  { background: "#7ba7ea", color: "#000000" },
  { background: "#2f64c0", color: "#ffffff" },
  { background: "#173f86", color: "#ffffff" },
] as const;

const CELL = { padding: "10px 4px", textAlign: "center", borderRadius: 6, fontVariantNumeric: "tabular-nums" } as const;
const HEAD = { fontWeight: 450, padding: "4px", textAlign: "center" } as const;

export function RfmGridTable({ grid, testId }: { grid: RfmGrid; testId: string }) {
  return (
    <BlockStack gap="200">
      <table
        data-testid={testId}
        style={{ width: "100%", borderCollapse: "separate", borderSpacing: 4, tableLayout: "fixed" }}
      >
        <caption style={{ captionSide: "bottom", paddingBlockStart: 8 }}>
          <Text as="span" variant="bodySm" tone="subdued">
            Customers by recency score (rows R1–R5, R5 = bought most recently) and frequency score (columns F1–F5, F5 =
            orders most often). Scores rank customers within your store in fifths; customers with the same number of
            orders share a frequency score, so a column can be empty.
          </Text>
        </caption>
        <thead>
          <tr>
            <th scope="col" style={HEAD}>
              <Text as="span" variant="bodySm" tone="subdued">
                Score
              </Text>
            </th>
            {grid.frequency.map((f) => (
              <th scope="col" key={f} style={HEAD}>{`F${f}`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.recency.map((r, i) => (
            <tr key={r}>
              <th scope="row" style={HEAD}>{`R${r}`}</th>
              {grid.cells[i].map((customers, j) => (
                <td
                  key={grid.frequency[j]}
                  data-shade={shade(customers, grid.max)}
                  style={{ ...CELL, ...SHADES[shade(customers, grid.max)] }}
                >
                  {count(customers)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </BlockStack>
  );
}
