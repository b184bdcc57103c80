/**
 * The command lines of README.md, read from the README itself (never retyped), grouped by
 * code block, and a runner that runs them as written with bash in a scratch folder where
 * `npx radlab` is this checkout's CLI. Used by test/readme-commands.test.ts (the lines that
 * need nothing but Node) and test/e2e/readme-commands.test.ts (the blocks that need Chromium
 * or Python's pydicom, and the `npm` lines).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** One shell code block of the README: its command lines (comments and blank lines dropped). */
export interface ReadmeBlock {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  commands: string[];
  /** The leading commands that need only Node (before the first that needs Chromium or pydicom): npm test runs these. */
  nodeCommands: string[];
  /** What the block needs: "node" (npm test can run it), "e2e" (Chromium, pydicom), "npm" (the repo's npm scripts). */
  needs: "node" | "e2e" | "npm";
}

/** A command line's trailing `# comment`, outside quotes (README lines have no `#` in arguments). */
function withoutComment(line: string): string {
  return line.replace(/\s+#.*$/, "").trim();
}

/** Every ```sh / ```bash / ```shell block of the README, in order. */
export function readmeBlocks(text = readFileSync(join(REPO, "README.md"), "utf8")): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  let current: ReadmeBlock | null = null;
  text.split("\n").forEach((raw, k) => {
    if (current === null) {
      if (/^```(sh|bash|shell)\s*$/.test(raw)) current = { line: k + 1, commands: [], nodeCommands: [], needs: "node" };
      return;
    }
    if (/^```\s*$/.test(raw)) {
      blocks.push(current);
      current = null;
      return;
    }
    const command = withoutComment(raw);
    if (command !== "" && !command.startsWith("#")) current.commands.push(command);
  });
  const needsMore = (c: string) => /\bradlab figures\b|python3?\s/.test(c);
  for (const b of blocks) {
    if (b.commands.some((c) => /^npm\s/.test(c))) b.needs = "npm";
    else if (b.commands.some(needsMore)) b.needs = "e2e";
    const first = b.commands.findIndex(needsMore);
    b.nodeCommands = b.needs === "npm" ? [] : b.commands.slice(0, first < 0 ? b.commands.length : first);
  }
  return blocks;
}

/** A scratch folder where `npx radlab` resolves to this checkout (node_modules linked) and `test/` is the repo's. */
export function scratchFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "radlab-readme-"));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  symlinkSync(join(REPO, "test"), join(dir, "test"));
  return dir;
}

/** Runs one README line as written (bash -c) in `cwd`; returns its status and output. */
export function runLine(line: string, cwd: string, timeoutMs = 300_000): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("bash", ["-c", line], { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, FORCE_COLOR: "0" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
