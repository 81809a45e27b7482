import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const run = (file: string) =>
  spawnSync(process.execPath, [path.join(root, "scripts/run-bundled.mjs"), "scripts/clv-fit.ts", file], {
    cwd: root,
    encoding: "utf8",
  });

describe("npm run clv:fit", () => {
  it("prints one JSON object with the CDNOW estimates", () => {
    const result = run("tests/fixtures/cdnow/cdnow_sample_summary.csv");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]) as { bgnbd: Record<string, number>; gammaGamma: Record<string, number> };
    expect(Object.keys(out.bgnbd)).toEqual(["r", "alpha", "a", "b", "logLikelihood"]);
    expect(out.bgnbd.r.toFixed(3)).toBe("0.243");
    expect(out.bgnbd.alpha.toFixed(3)).toBe("4.414");
    expect(out.bgnbd.logLikelihood.toFixed(1)).toBe("-9582.4");
    expect(out.gammaGamma.p.toFixed(2)).toBe("6.25");
    expect(out.gammaGamma.q.toFixed(2)).toBe("3.74");
  });

  it("fails clearly on a missing file and on a bad row", () => {
    const missing = run("/nonexistent/summary.csv");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cannot read /nonexistent/summary.csv");
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clv-")), "bad.csv");
    fs.writeFileSync(bad, "ID,x,t_x,T,zbar\n1,2,3,4,5\n2,-1,1,2,3\n");
    const result = run(bad);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("line 3: x must be a non-negative number");
    expect(result.stdout).toBe("");
  });
});
