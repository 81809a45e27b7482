// The faults of a soak, at seeded random moments of the traffic phase: SIGKILL and restart of a
// worker and of a web process (at least once each; one more of each per 2.5 minutes), one
// PostgreSQL restart in the middle third, and throughout: Admin API 5xx, slow Admin responses,
// throttling (the bucket drained), SMTP refusals (451 and now and then 550) and slow SMTP replies.
import { Rng } from "~sim/util/rng";
import type { Cluster, ClusterEvent } from "./cluster";
import type { RemoteSimulator } from "./sim-client";
import type { FaultySmtp } from "./smtp";

export interface ChaosCounts {
  workerKills: number;
  webKills: number;
  postgresRestarts: number;
  postgresDowntimeMs: number[];
  adminErrors: number;
  adminSlow: number;
  throttles: number;
  smtpRefusals: number;
  smtpSlow: number;
}

export interface ChaosTargets {
  sim: RemoteSimulator;
  cluster: Cluster;
  smtp: FaultySmtp;
  restartPostgres: () => Promise<number>;
  events: ClusterEvent[];
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

export function startChaos(targets: ChaosTargets, seed: number, durationMs: number): { done: Promise<ChaosCounts> } {
  const rng = new Rng(seed, "soak-chaos");
  const counts: ChaosCounts = {
    workerKills: 0,
    webKills: 0,
    postgresRestarts: 0,
    postgresDowntimeMs: [],
    adminErrors: 0,
    adminSlow: 0,
    throttles: 0,
    smtpRefusals: 0,
    smtpSlow: 0,
  };
  const start = Date.now();
  const end = start + durationMs;
  const kills = Math.max(1, Math.round(durationMs / 150_000));
  // Process faults in the first 80%, so the last one's recovery is inside the run.
  const moment = (from: number, to: number) => start + durationMs * (from + rng.next() * (to - from));
  type Step = { at: number; run: () => Promise<void> };
  const steps: Step[] = [];
  for (let i = 0; i < kills; i++) {
    steps.push({
      at: moment(0.1, 0.8),
      run: async () => {
        await targets.cluster.killAndRestart("worker", rng.int(0, 1), rng.int(500, 3000));
        counts.workerKills++;
      },
    });
    steps.push({
      at: moment(0.1, 0.8),
      run: async () => {
        await targets.cluster.killAndRestart("web", rng.int(0, 1), rng.int(500, 3000));
        counts.webKills++;
      },
    });
  }
  steps.push({
    at: moment(0.35, 0.65),
    run: async () => {
      const downtime = await targets.restartPostgres();
      targets.events.push({ at: Date.now(), what: `PostgreSQL restarted (down ${downtime} ms)` });
      counts.postgresRestarts++;
      counts.postgresDowntimeMs.push(downtime);
    },
  });
  steps.sort((a, b) => a.at - b.at);

  const processes = (async () => {
    for (const step of steps) {
      await sleepUntil(step.at);
      await step.run();
    }
  })();

  // Service faults every one to three seconds until the last 15% of the run.
  const services = (async () => {
    const stopAt = start + durationMs * 0.85;
    while (Date.now() < stopAt) {
      await sleepUntil(Date.now() + rng.int(1000, 3000));
      const kind = rng.weighted([
        ["adminError", 3],
        ["adminSlow", 1],
        ["throttle", 2],
        ["smtpRefuse", 2],
        ["smtpSlow", 1],
      ] as const);
      if (kind === "adminError") {
        await targets.sim.injectFault({ kind: "error", status: rng.pick([500, 502, 503]), count: rng.int(1, 3) });
        counts.adminErrors++;
      } else if (kind === "adminSlow") {
        await targets.sim.injectFault({ kind: "slow", delayMs: rng.int(500, 2500), count: rng.int(1, 3) });
        counts.adminSlow++;
      } else if (kind === "throttle") {
        await targets.sim.drainBucket();
        counts.throttles++;
      } else if (kind === "smtpRefuse") {
        targets.smtp.failNext(rng.int(1, 2), rng.chance(0.2) ? 550 : 451);
        counts.smtpRefusals++;
      } else {
        targets.smtp.slowNext(rng.int(1, 3), rng.int(1000, 4000));
        counts.smtpSlow++;
      }
    }
    await targets.sim.clearFaults();
  })();

  return {
    done: Promise.all([processes, services, sleepUntil(end)]).then(() => counts),
  };
}
