// The soak's deployment: one PostgreSQL (embedded, restartable in place), two web processes
// (scripts/start.ts, WORKER_MODE=off) behind a round-robin proxy as a load balancer would be, and
// two worker processes (scripts/soak/worker.ts: scripts/worker.ts with any planted defects). A
// process the soak did not kill that exits is noted and started again, as a supervisor would; the
// report says so.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "~/db/postgres.server";
import { startAppProcess } from "~/runtime/app-process.server";
import { heapFlags } from "~/runtime/heap-flags.server";

const root = path.resolve(import.meta.dirname, "..", "..");

export type Role = "web" | "worker";

export interface Member {
  role: Role;
  index: number;
  port: number | null;
  child: ChildProcess | null;
  /** Set while the soak itself is killing or stopping it. */
  expected: boolean;
}

export interface ClusterEvent {
  at: number;
  what: string;
}

export async function startPostgres(dataDir: string): Promise<{
  url: () => string;
  restart: () => Promise<number>;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  let running: RunningPostgres = await startEmbeddedPostgres({ dataDir, port });
  return {
    url: () => running.url,
    /** Stops and starts the server on the same folder and port; resolves with the downtime in ms. */
    restart: async () => {
      const started = Date.now();
      await running.stop();
      running = await startEmbeddedPostgres({ dataDir, port });
      return Date.now() - started;
    },
    stop: () => running.stop(),
  };
}

export interface ClusterOptions {
  env: Record<string, string>;
  logDir: string;
  webs: number;
  workers: number;
  proxyPort: number;
  events: ClusterEvent[];
  /** The app-side ones are planted in the workers (the others are not theirs). */
  plants: readonly string[];
}

export class Cluster {
  readonly members: Member[] = [];
  private proxy: ChildProcess | null = null;
  private proxyCounts = { requests: 0, failed: 0 };
  private stopping = false;
  unexpectedExits: { role: Role; index: number; code: number | null; signal: string | null; at: number }[] = [];

  constructor(private options: ClusterOptions) {}

  private env(member: Member): Record<string, string> {
    return {
      ...this.options.env,
      LOG_FILE: path.join(this.options.logDir, `${member.role}-${member.index}.log`),
      ...(member.port === null ? {} : { PORT: String(member.port) }),
    };
  }

  private note(what: string) {
    this.options.events.push({ at: Date.now(), what });
  }

  /** Tells the proxy which web processes are alive (at once, as a balancer's health check would, soon). */
  private balance() {
    const backends = this.members.filter((m) => m.role === "web" && m.child !== null).map((m) => m.port!);
    if (this.proxy?.connected) this.proxy.send({ backends });
  }

  private watch(member: Member, child: ChildProcess) {
    member.child = child;
    member.expected = false;
    this.balance();
    child.once("exit", (code, signal) => {
      if (member.child !== child) return;
      member.child = null;
      this.balance();
      if (member.expected || this.stopping) return;
      this.unexpectedExits.push({ role: member.role, index: member.index, code, signal, at: Date.now() });
      this.note(`${member.role} ${member.index} exited on its own (${signal ?? code}); starting it again`);
      setTimeout(() => void this.start(member).catch(() => undefined), 1_000);
    });
  }

  private async start(member: Member): Promise<void> {
    if (this.stopping) return;
    // What a process says on stderr (a crash's stack among it) is kept beside its log.
    const stderrFile = path.join(this.options.logDir, `${member.role}-${member.index}.stderr`);
    if (member.role === "web") {
      const child = await startAppProcess({ env: this.env(member), stderr: "pipe" });
      const out = fs.createWriteStream(stderrFile, { flags: "a" });
      child.stderr?.on("data", (chunk: Buffer) => out.write(chunk));
      this.watch(member, child);
      return;
    }
    const err = fs.openSync(stderrFile, "a");
    const worker = [path.join(root, "scripts", "soak", "worker.ts"), ...this.options.plants];
    const env = { ...process.env, ...this.env(member) };
    // The heap setting of `npm run worker` (decision 0223); scripts/soak/worker.ts launches directly.
    const child = spawn(process.execPath, [...heapFlags(env), "--import", "tsx", ...worker], {
      cwd: root,
      stdio: ["ignore", "ignore", err],
      env,
    });
    fs.closeSync(err);
    this.watch(member, child);
  }

  async up(): Promise<void> {
    for (let i = 0; i < this.options.webs; i++)
      this.members.push({ role: "web", index: i, port: await freePort(), child: null, expected: false });
    for (let i = 0; i < this.options.workers; i++)
      this.members.push({ role: "worker", index: i, port: null, child: null, expected: false });
    await Promise.all(this.members.map((m) => this.start(m)));
    const err = fs.openSync(path.join(this.options.logDir, "proxy.stderr"), "a");
    const proxy = spawn(
      process.execPath,
      ["--import", "tsx", path.join(root, "scripts", "soak", "proxy-process.ts"), String(this.options.proxyPort)],
      { cwd: root, stdio: ["ignore", "ignore", err, "ipc"] },
    );
    fs.closeSync(err);
    await new Promise<void>((resolve, reject) => {
      proxy.once("exit", (code) => reject(new Error(`the soak proxy exited (${code}) before it listened`)));
      proxy.on("message", (message: { ready?: true; stats?: { requests: number; failed: number } }) => {
        if (message.stats) this.proxyCounts = message.stats;
        if (message.ready) resolve();
      });
    });
    this.proxy = proxy;
    this.balance();
  }

  get proxyStats() {
    return this.proxyCounts;
  }

  /** SIGKILL one process of `role`, then start it again after `downMs`. */
  async killAndRestart(role: Role, pick: number, downMs: number): Promise<void> {
    const candidates = this.members.filter((m) => m.role === role && m.child !== null);
    const member = candidates[pick % Math.max(1, candidates.length)];
    if (!member?.child) return;
    member.expected = true;
    const child = member.child;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
    this.note(`SIGKILL ${role} ${member.index} (pid ${child.pid}); down ${downMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start(member);
    this.note(`${role} ${member.index} started again (pid ${member.child?.pid})`);
  }

  /** Stops (SIGTERM, waiting) every process of `role`; `start(role)` brings them back. */
  async stopRole(role: Role): Promise<void> {
    await Promise.all(
      this.members
        .filter((m) => m.role === role && m.child !== null)
        .map((m) => {
          const child = m.child!;
          m.expected = true;
          const gone = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          return gone;
        }),
    );
  }

  async startRole(role: Role, count = Infinity): Promise<void> {
    const idle = this.members.filter((m) => m.role === role && m.child === null).slice(0, count);
    await Promise.all(idle.map((m) => this.start(m)));
  }

  async down(): Promise<void> {
    this.stopping = true;
    await this.stopRole("web");
    await this.stopRole("worker");
    const proxy = this.proxy;
    if (proxy?.connected) {
      const gone = new Promise((resolve) => proxy.once("exit", resolve));
      proxy.send({ stop: true });
      await gone;
    }
  }
}
