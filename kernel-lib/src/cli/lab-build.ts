/**
 * Whether the lab's front end must be rebuilt, and rebuilding only the part that is stale
 * (`radlab lab`, `radlab publish --executable` and the e2e setup call ensureLabBuilt). Two parts,
 * each with the files its last build read (recorded by the build) and a stamp, the hash of them:
 *   - the app: webpack, both modes' entries (widgets/dist/lab; 2.5–4 min of CPU),
 *   - the browser kernel's worker: esbuild (widgets/dist/kernel; seconds).
 * Most of kernel-lib goes into the worker only, so a change there rebuilds the worker, not the app.
 * A package.json counts without its "scripts": webpack's resolver reads the checkout's
 * package.json files, and a new npm command changes no bundle.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { REPO_ROOT } from "./jupyter.js";

const WIDGETS = join(REPO_ROOT, "widgets");

/** One separately built part of the lab. */
interface LabPart {
  name: string;
  /** The build's record of the checkout files it read ({ files: [...] }, relative to the checkout). */
  record: string;
  /** The files that configure the build, relative to the checkout. */
  settings: string[];
  stamp: string;
  outputs: string[];
  /** The command that builds this part (and, for the app, the worker too). */
  command: string[];
  /** What the message says it takes. */
  takes: string;
}

const LAB_BUILD = join(WIDGETS, "dist", "lab");
const KERNEL_BUILD = join(WIDGETS, "dist", "kernel");

/** The app's webpack build; `npm run build:lab` also builds the worker. */
const APP: LabPart = {
  name: "the lab's front end",
  record: join(LAB_BUILD, "build-inputs.json"),
  settings: ["widgets/package.json", "widgets/tsconfig.json", "widgets/webpack.config.cjs", "node_modules/@jupyterlab/application/package.json"],
  stamp: join(LAB_BUILD, "build-stamp.txt"),
  outputs: [join(LAB_BUILD, "static", "bundle.js"), join(LAB_BUILD, "static", "browser.js"), join(LAB_BUILD, "static", "radlab", "plotly.min.js")],
  command: ["npm", "run", "build:lab", "-w", "@radlab/widgets"],
  takes: "webpack, a few minutes",
};

/** The browser kernel's worker (widgets/scripts/build-browser-kernel.mjs). */
const WORKER: LabPart = {
  name: "the browser kernel's worker",
  record: join(KERNEL_BUILD, "build-inputs.json"),
  settings: ["widgets/package.json", "widgets/scripts/build-browser-kernel.mjs", "node_modules/@jupyterlite/services/package.json"],
  stamp: join(KERNEL_BUILD, "build-stamp.txt"),
  outputs: [join(KERNEL_BUILD, "radlab-kernel-worker.js"), join(KERNEL_BUILD, "itk")],
  command: [process.execPath, join(WIDGETS, "scripts", "build-browser-kernel.mjs")],
  takes: "esbuild, seconds",
};

/** The part's inputs (absolute paths): its recorded files and its settings; null when never built. */
function inputsOf(part: LabPart): string[] | null {
  if (!existsSync(part.record)) return null;
  const files = (JSON.parse(readFileSync(part.record, "utf8")) as { files: string[] }).files;
  return [...new Set([...files, ...part.settings])].map((f) => join(REPO_ROOT, f)).filter((f) => !existsSync(f) || statSync(f).isFile());
}

/** A file's content as far as a build is concerned: a package.json without its "scripts". */
export function buildRelevantContent(file: string): Buffer | string {
  const bytes = readFileSync(file);
  if (basename(file) !== "package.json") return bytes;
  try {
    const { scripts: _scripts, ...rest } = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return bytes;
  }
}

/** A hash of a build's inputs (a missing input hashes as missing, so deleting a file counts as a change). */
export function labSourceHash(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(relative(REPO_ROOT, file))
      .update("\0")
      .update(existsSync(file) ? buildRelevantContent(file) : "(missing)")
      .update("\0");
  return hash.digest("hex");
}

/** Whether the part's outputs exist and its stamp matches its inputs now. */
function current(part: LabPart): boolean {
  const inputs = inputsOf(part);
  if (!inputs || !existsSync(part.stamp) || !part.outputs.every(existsSync)) return false;
  return readFileSync(part.stamp, "utf8").trim() === labSourceHash(inputs);
}

/** Stamps a part just built with the inputs its build recorded. */
function stamp(part: LabPart): void {
  writeFileSync(part.stamp, `${labSourceHash(inputsOf(part) ?? [])}\n`);
}

function build(part: LabPart, why: string): void {
  console.log(`▸ building ${part.name} (${why}; ${part.takes}) …`);
  const started = Date.now();
  const [command, ...args] = part.command;
  const run = spawnSync(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) throw new Error(`the build of ${part.name} failed (${part.command.join(" ")} exited with ${run.status})`);
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Builds the lab's front end (both modes' app, and the browser kernel's worker) unless it is
 * current: the app when its own inputs changed (which rebuilds the worker too), else the worker
 * alone when its inputs changed.
 */
export function ensureLabBuilt(): void {
  if (!current(APP)) {
    build(APP, existsSync(APP.stamp) ? "sources changed" : "first build");
    stamp(APP);
    stamp(WORKER);
  } else if (!current(WORKER)) {
    build(WORKER, existsSync(WORKER.stamp) ? "sources changed" : "first build");
    stamp(WORKER);
  }
}
