/**
 * Writing outputs safely: every output a command will write is checked before any work (known
 * file ending, not one of the inputs, not a folder where a file goes, a parent folder that can
 * really be written), and every file is written under a unique temporary name in its folder,
 * then renamed over the target, so a failure never leaves half a file or destroys an earlier
 * result. Node's `mkdir(..., {recursive: true})` is avoided: on procfs it spins forever at 100 %
 * CPU (a missing level reports ENOENT again and again), so folders are made one level at a time.
 */
import { randomBytes } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { mkdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { threadId } from "node:worker_threads";
import { RadlabInputError } from "../errors.js";

/** One output a command is about to write. */
export interface PlannedOutput {
  /** The path as the user gave it (or as derived from it, for companion files). */
  path: string;
  /** The option that named it ("--out"), for messages. */
  option: string;
  /** A file (written through {@link writeFileAtomic}) or a folder (created, files written into it). */
  kind: "file" | "folder";
  /** For a file: the endings radlab writes there (lower case, with the dot). */
  extensions?: readonly string[];
}

/**
 * Checks every planned output before any work starts, and creates the folders they need.
 * Throws RadlabInputError naming the option and the path: unknown file ending, an output that
 * is one of `inputs` (the same file, whatever the spelling or symlink), a file output that is a
 * folder (or a folder output that is a file), a parent folder that cannot be created or written.
 */
export async function prepareOutputs(outputs: readonly PlannedOutput[], inputs: readonly string[] = []): Promise<void> {
  const inputPaths = new Map(inputs.map((input) => [canonicalPath(input), resolve(input)]));
  for (const output of outputs) {
    const file = resolve(output.path);
    const fail = (what: string): never => {
      throw new RadlabInputError(`${output.option} ${file}: ${what}`, file);
    };
    const input = inputPaths.get(canonicalPath(file));
    if (input !== undefined) fail(`is an input of this command (${input}); writing there would destroy it: choose another output path`);
    if (output.kind === "file" && output.extensions && !output.extensions.some((ext) => file.toLowerCase().endsWith(ext))) {
      fail(`unknown file ending (radlab writes ${output.extensions.join(", ")} here)`);
    }
    const existing = statOrNull(file);
    if (output.kind === "file" && existing?.isDirectory()) fail("is an existing folder; give a file path");
    if (output.kind === "folder" && existing && !existing.isDirectory()) fail("is an existing file; give a folder path");
    const folder = output.kind === "folder" ? file : dirname(file);
    await makeFolder(folder, fail);
    await probeWritable(folder, fail);
  }
}

/**
 * Creates a folder and its missing parents one level at a time (no recursive mkdir: see the
 * module comment). `fail` receives what went wrong.
 */
export async function makeFolder(folder: string, fail: (what: string) => never): Promise<void> {
  const missing: string[] = [];
  let at = resolve(folder);
  for (;;) {
    const info = statOrNull(at);
    if (info) {
      if (!info.isDirectory()) fail(`${at} is a file, not a folder`);
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") fail(`cannot create folder ${level} (${describe(error)})`);
    }
  }
}

/** Writes and removes a probe file: the only test of writability that procfs, read-only mounts and ACLs all answer truthfully. */
async function probeWritable(folder: string, fail: (what: string) => never): Promise<void> {
  const probe = resolve(folder, `.radlab-probe-${uniqueSuffix()}`);
  try {
    await writeFile(probe, "");
  } catch (error) {
    fail(`cannot write in folder ${folder} (${describe(error)})`);
  }
  await unlink(probe).catch(() => undefined);
}

/**
 * Writes a file whole or not at all: into `<name>.<unique>.tmp` beside it, then renamed over it
 * (atomic on one filesystem). On failure the temporary file is removed and any earlier file at
 * `path` is left as it was. The folder must exist ({@link prepareOutputs} or {@link makeFolder}).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const file = resolve(path);
  const temporary = resolve(dirname(file), `.${basename(file)}.${uniqueSuffix()}.tmp`);
  try {
    // The mode is the temporary file's, which the rename keeps (e.g. 0o755 for a batch script).
    await writeFile(temporary, data, options.mode === undefined ? undefined : { mode: options.mode });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new RadlabInputError(`${file}: could not be written (${describe(error)}); any earlier file there is unchanged`, file);
  }
}

/** A name part no other write (process, worker thread or call) uses at the same time. */
export function uniqueSuffix(): string {
  return `${process.pid}-${threadId}-${randomBytes(6).toString("hex")}`;
}

/** The real path of a file or folder; for one that does not exist yet, its real parent joined with its name. */
export function canonicalPath(path: string): string {
  const file = resolve(path);
  try {
    return realpathSync(file);
  } catch {
    const parent = dirname(file);
    return parent === file ? file : resolve(canonicalPath(parent), basename(file));
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const message = String(e.message ?? error).split("\n")[0];
  return e.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}
