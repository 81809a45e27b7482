// node scripts/run-bundled.mjs SCRIPT.ts [args…] : runs a TypeScript script as one esbuild bundle
// cached in .cache/bundles/, instead of through the tsx loader. On Node 20 tsx's loader hooks run on
// a worker thread that loads esbuild and transforms every module: ~0.4 s of CPU per process before
// the script's first line, more than `clv:fit`'s own work (docs/decisions/0217-clv-fit-cpu.md).
// The bundle is rebuilt when any file it was built from (or tsconfig.json) changed size or mtime,
// so it is never stale; the check is one stat per file. Plain JavaScript on purpose: it must run
// before anything can load TypeScript.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry || !entry.endsWith(".ts")) {
  process.stderr.write("usage: node scripts/run-bundled.mjs SCRIPT.ts [args…]\n");
  process.exit(2);
}
const entryPath = path.resolve(root, entry);
const dir = path.join(root, ".cache", "bundles");
const name = path.relative(root, entryPath).replace(/[^A-Za-z0-9]+/g, "_");
const bundle = path.join(dir, `${name}.mjs`);
const manifest = path.join(dir, `${name}.json`);

const stamp = (file) => {
  const s = fs.statSync(path.join(root, file));
  return `${s.size}:${s.mtimeMs}`;
};

function fresh() {
  try {
    const { inputs } = JSON.parse(fs.readFileSync(manifest, "utf8"));
    return fs.existsSync(bundle) && Object.entries(inputs).every(([file, was]) => stamp(file) === was);
  } catch {
    return false;
  }
}

if (!fresh()) {
  const esbuild = await import("esbuild");
  // esbuild reads tsconfig.json's `paths` (~/, ~sim/); packages stay imports from node_modules.
  const result = await esbuild.build({
    entryPoints: [entryPath],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    metafile: true,
    write: false,
    logLevel: "error",
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile.inputs), "tsconfig.json"].map((file) => [file, stamp(file)]),
  );
  fs.mkdirSync(dir, { recursive: true });
  // Written under a private name, then renamed: a concurrent run sees the old or the new file whole.
  const tmp = `.${process.pid}`;
  fs.writeFileSync(bundle + tmp, result.outputFiles[0].contents);
  fs.renameSync(bundle + tmp, bundle);
  fs.writeFileSync(manifest + tmp, JSON.stringify({ entry, inputs }));
  fs.renameSync(manifest + tmp, manifest);
}

// The script reads its arguments from process.argv.slice(2), as it would under tsx.
process.argv = [process.argv[0], entryPath, ...args];
await import(pathToFileURL(bundle).href);
