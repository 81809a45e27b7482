// `npm run soak`, short, as part of `npm test` (decision 0210): two web and two worker processes
// on one PostgreSQL under live traffic, with a worker and a web process killed, PostgreSQL
// restarted and Admin API and SMTP faults, must pass every check; and each check must fail when
// its defect is planted, so none of them can pass by not looking.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

interface SoakCheck {
  ok: boolean;
  [figure: string]: unknown;
}
interface SoakReport {
  ok: boolean;
  checks: Record<string, SoakCheck>;
  faults: Record<string, unknown>;
}

async function soak(args: string[]): Promise<{ code: number | null; report: SoakReport; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "soak.ts"), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const last = stdout.trim().split("\n").pop() ?? "";
  expect(last.startsWith("{"), `no JSON report; stderr:\n${stderr.slice(-3000)}`).toBe(true);
  return { code, report: JSON.parse(last) as SoakReport, stderr };
}

// Sized for a busy 2-core machine; on an idle one a run takes about two minutes.
const SHORT = ["--minutes", "0.75", "--customers", "300", "--rate", "1", "--settle", "240", "--seed", "7"];

describe("npm run soak (short)", () => {
  it("passes every check under kills, a PostgreSQL restart and service faults", { timeout: 1_200_000 }, async () => {
    const { code, report } = await soak(SHORT);
    expect(report.checks, JSON.stringify(report, null, 1).slice(0, 6000)).toMatchObject({
      webhooksExactlyOnce: { ok: true, missing: 0, unfinished: 0, processedTwice: 0 },
      noDuplicateMessages: { ok: true, emailDuplicates: 0, flowDuplicates: 0 },
      dueMessagesResolved: { ok: true, leftUnsentOrUnexplained: 0 },
      conversionsMatchTruth: { ok: true, differences: 0 },
      profilesMatchRecompute: { ok: true, differences: 0 },
      processesRecovered: { ok: true },
    });
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    // It was a real run: traffic, messages on every kind of channel, and every fault happened.
    expect(report.checks.webhooksExactlyOnce.delivered).toBeGreaterThan(50);
    expect(report.checks.noDuplicateMessages.emailsReceived).toBeGreaterThan(0);
    expect(report.checks.noDuplicateMessages.flowTriggers).toBeGreaterThan(0);
    expect(report.faults).toMatchObject({ postgresRestarts: 1 });
    expect(report.faults.workerKills).toBeGreaterThanOrEqual(1);
    expect(report.faults.webKills).toBeGreaterThanOrEqual(1);
  });

  it("fails each check when its defect is planted", { timeout: 1_200_000 }, async () => {
    const plants = "webhook-twice,message-twice,due-unsent,conversion-lost,profile-drift";
    const { code, report } = await soak([...SHORT, "--plant", plants]);
    const { checks } = report;
    const why = JSON.stringify(checks, null, 1).slice(0, 6000);
    expect(code, why).toBe(1);
    expect(report.ok).toBe(false);
    expect(checks.webhooksExactlyOnce.ok, why).toBe(false);
    expect(checks.webhooksExactlyOnce.processedTwice, why).toBeGreaterThan(0);
    expect(checks.noDuplicateMessages.ok, why).toBe(false);
    expect(checks.noDuplicateMessages.emailDuplicates, why).toBeGreaterThan(0);
    expect(checks.dueMessagesResolved.ok, why).toBe(false);
    // At least the planted one: the other plants (a webhook processed twice, sends doubled) can
    // leave a real message of their own behind, which the clean run above would not accept.
    expect(checks.dueMessagesResolved.leftUnsentOrUnexplained, why).toBeGreaterThanOrEqual(1);
    expect(checks.conversionsMatchTruth.ok, why).toBe(false);
    expect(checks.conversionsMatchTruth.differences, why).toBe(1);
    expect(checks.profilesMatchRecompute.ok, why).toBe(false);
    expect(checks.profilesMatchRecompute.differences, why).toBeGreaterThan(0);
  });
});
