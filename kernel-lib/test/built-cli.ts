/** Runs the built `radlab` CLI (kernel-lib/bin/radlab.js) as a user does, for the CLI tests. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./reference.js";

const exec = promisify(execFile);
export const RADLAB_BIN = join(REPO_ROOT, "kernel-lib/bin/radlab.js");

/** `radlab ARGV…` in a child process; resolves with the exit status and both streams, whatever the status. */
export async function runRadlab(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec("node", [RADLAB_BIN, ...argv]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
