/**
 * Starting and watching radlab's lab the way a user does, for the e2e tests and the start-up
 * benchmark: `npm start -- --no-browser --port P` in its own process group (as a terminal runs
 * it, so Ctrl-C is a SIGINT to the group), the URL read from what it prints, the server and
 * kernel processes found through Jupyter's runtime files, and their listening sockets read
 * from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

export const REPO = join(import.meta.dirname, "..", "..");
const RUNTIME = join(REPO, ".jupyter-local", "runtime");

export interface RunningLab {
  npm: ChildProcess;
  /** The URL the lab printed (with its token). */
  url: string;
  origin: string;
  token: string;
  /** Everything printed so far. */
  output: () => string;
  /** Resolves when npm has exited, with its exit code (null when a signal ended it, as Ctrl-C does). */
  exited: Promise<number | null>;
}

/** `npm start -- ...args` from the checkout, resolved once it prints the lab's URL. */
export async function npmStart(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 900_000): Promise<RunningLab> {
  const npm = spawn("npm", ["start", "--", ...args], { cwd: REPO, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  npm.stdout?.on("data", (d) => {
    text += d;
  });
  npm.stderr?.on("data", (d) => {
    text += d;
  });
  const exited = new Promise<number | null>((done) => npm.once("exit", (code) => done(code)));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /The lab is at (http:\/\/\S+)/.exec(text);
    if (match) {
      const url = new URL(match[1]);
      return { npm, url: match[1], origin: url.origin, token: url.searchParams.get("token") ?? "", output: () => text, exited };
    }
    if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode} before the lab was up:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(-(npm.pid as number), "SIGKILL");
  throw new Error(`npm start printed no URL in ${timeoutMs / 1000} s:\n${text}`);
}

/** Ctrl-C as a terminal sends it: SIGINT to npm's whole process group (if it is still running). */
export function ctrlC(lab: RunningLab): void {
  if (lab.npm.exitCode === null && lab.npm.signalCode === null) process.kill(-(lab.npm.pid as number), "SIGINT");
}

/** The pid of the Jupyter Server listening on `port`, from its runtime file (jpserver-PID.json). */
export function serverPid(port: number): number | null {
  if (!existsSync(RUNTIME)) return null;
  for (const file of readdirSync(RUNTIME)) {
    const match = /^jpserver-(\d+)\.json$/.exec(file);
    if (!match) continue;
    try {
      if (JSON.parse(readFileSync(join(RUNTIME, file), "utf8")).port === port) return Number(match[1]);
    } catch {
      // being written or removed
    }
  }
  return null;
}

/** Pids of processes whose command line mentions `needle` (e.g. a kernel's connection file). */
export function pidsMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The addresses (ip:port) on which process `pid` listens for TCP connections (IPv4 and IPv6), read from /proc. */
export function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const addresses: string[] = [];
  for (const table of ["tcp", "tcp6"]) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, "utf8").trim().split("\n").slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local_address rem_address st ... inode (index 9); st 0A = LISTEN
      if (cols[3] !== "0A" || !inodes.has(cols[9])) continue;
      addresses.push(decodeAddress(cols[1]));
    }
  }
  return addresses;
}

/** /proc/net/tcp's little-endian hex "0100007F:22B6" → "127.0.0.1:8886" (and the IPv6 form). */
function decodeAddress(hex: string): string {
  const [ip, port] = hex.split(":");
  const words = ip.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  const text =
    bytes.length === 4
      ? bytes.join(".")
      : bytes.every((b, n) => (n < 15 ? b === 0 : b === 1))
        ? "::1"
        : bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255
          ? `::ffff:${bytes.slice(12).join(".")}`
          : words.join("") === "0".repeat(32)
            ? "::"
            : `[${ip}]`;
  return `${text}:${Number.parseInt(port, 16)}`;
}

/** Messages a page logs as errors, failed requests and HTTP errors: what a user would see in the console. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A navigation away or a WebSocket closed at shutdown aborts requests; those are not errors.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/** Waits until the notebook in view has its kernel (`displayName`) started and idle. */
export async function kernelIdle(page: Page, displayName = "TypeScript", timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(
    (name) => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as {
        sessionContext?: { kernelDisplayName: string; session?: { kernel?: { status: string } | null } | null };
      } | null;
      const context = panel?.sessionContext;
      return context?.kernelDisplayName === name && context.session?.kernel?.status === "idle";
    },
    displayName,
    { timeout: timeoutMs, polling: 250 },
  );
}
