/**
 * `radlab lab`: the notebook environment, what `npm start` runs.
 *
 *   radlab lab [--browser] [--port P] [--no-browser] [NOTEBOOK]
 *
 * 1. the lab's front end (widgets/dist/lab, both modes, and the browser kernel's worker), built
 *    if missing or older than its sources,
 * 2. the seeded demo cohort (data/demo-cohort), written if absent,
 * 3. server mode (when Jupyter Server is installed, and --browser not given): Jupyter Server
 *    with radlab's lab (widgets/server, Debian's jupyter_server) on 127.0.0.1 with a fresh
 *    token, the tslab kernel registered in .jupyter-local;
 *    browser mode (otherwise, saying in one line what server mode adds): radlab's static server
 *    (publish/browser-lab.ts) on 127.0.0.1, JupyterLite's services and the TypeScript kernel in a
 *    Web Worker, the notebooks/ and data/ folders read-only,
 * 4. the URL printed (and opened in a browser when there is a display), on the reproduction
 *    notebook unless NOTEBOOK names another,
 * 5. Ctrl-C: the server is stopped (Jupyter's through its shutdown API, as it ignores SIGTERM,
 *    kernels included), and nothing is left running.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative, resolve, sep } from "node:path";
import { RadlabInputError } from "../errors.js";
import { notebookSettings, serveBrowserLab } from "../publish/browser-lab.js";
import { findJupyterPython, jupyterEnvironment } from "../publish/jupyter.js";
import { RADLAB_VERSION } from "../version.js";
import { COMMANDS } from "./commands.js";
import { EXIT } from "./errors.js";
import { JUPYTER_LOCAL, REPO_ROOT } from "./jupyter.js";
import { ensureLabBuilt } from "./lab-build.js";
import { parseCommand } from "./options.js";

const WIDGETS = join(REPO_ROOT, "widgets");
/** The Python modules of the server mode and the Debian packages that bring them. */
const SERVER_MODULES = ["jupyter_server", "jupyterlab_server", "jupyter_client"];
export const SERVER_PACKAGES = "python3-jupyter-server python3-jupyterlab-server jupyter-client";
/** The reproduction notebook, under its new name first. */
const REPRODUCTION_NOTEBOOKS = ["notebooks/05-reproduce-the-study.ipynb", "notebooks/npc-radiotherapy-response.ipynb"];
const FIRST_PORT = 8888;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("lab", COMMANDS.lab, argv);
  const port = values.port;
  if (port !== undefined && port > 65535) throw new RadlabInputError(`--port must be a port number (1–65535), got ${port}`);
  const notebook = notebookToOpen(positionals[0]);
  if (!existsSync(join(WIDGETS, "server", "radlab_lab"))) throw new RadlabInputError(`radlab lab runs from a radlab checkout; ${WIDGETS} has no server`);

  const python = values.browser ? null : findJupyterPython(SERVER_MODULES);
  if (!values.browser && !python) console.log(SERVER_MODE_MISSING);
  const mode = python ? "server" : "browser";
  if (mode === "browser" && !notebook.startsWith(`notebooks${sep}`) && !notebook.startsWith(`data${sep}`))
    throw new RadlabInputError(`${notebook}: the browser mode serves the checkout's notebooks/ and data/ folders; put the notebook in one of them`, notebook);

  console.log(`radlab ${RADLAB_VERSION}: the notebook environment (${mode} mode)`);
  let lab: RunningLab;
  try {
    ensureLabBuilt();
    await ensureDemoCohort();
    const at = port ?? (await firstFreePort(FIRST_PORT));
    lab = python ? serverLab(await startServer(python, at), notebook) : await browserLab(at, notebook);
  } catch (error) {
    console.error(`radlab lab: ${(error as Error).message}`);
    return EXIT.nothingDone;
  }
  console.log(`\n  The lab is at ${lab.url}\n  (${lab.about})\n  Press Ctrl-C to stop.\n`);
  if (!values["no-browser"]) openBrowser(lab.url);
  return await untilStopped(lab);
}

/**
 * What `radlab lab` (and so `npm start`) says, in one line, when it starts the browser mode
 * because Jupyter Server is missing: what the server mode adds, and how to install it.
 */
export const SERVER_MODE_MISSING =
  "radlab lab: Jupyter Server is not installed, so the lab runs in browser mode (the kernel runs in the page). " +
  "Server mode adds the tslab kernel on Node (native speed, results and volumes saved to disk, Slurm, publishing): " +
  `sudo apt-get install ${SERVER_PACKAGES}`;

/** A lab that is running, in either mode: where it is, and how to stop it. */
interface RunningLab {
  url: string;
  /** One line on what is open and where its log is. */
  about: string;
  /** Resolves, with what happened, if the lab stops by itself. */
  ended: Promise<string>;
  stop(): Promise<void>;
}

function serverLab(server: LabServer, notebook: string): RunningLab {
  return {
    url: `${server.base}lab/tree/${notebook.split(sep).map(encodeURIComponent).join("/")}?token=${server.token}`,
    about: `notebook ${notebook}; server log ${relative(process.cwd(), server.log)}`,
    ended: new Promise((done) => server.process.once("exit", (code) => done(`Jupyter Server exited (${code}); see ${server.log}`))),
    stop: () => stopServer(server),
  };
}

/** The browser mode: the checkout's notebooks/ and data/ (RADLAB_DATA when set) as a static site on 127.0.0.1. */
async function browserLab(port: number, notebook: string): Promise<RunningLab> {
  const data = resolve(process.env.RADLAB_DATA ?? join(REPO_ROOT, "data"));
  const open = notebook.split(sep).join("/");
  const folders = { notebooks: join(REPO_ROOT, "notebooks"), data };
  const site = await serveBrowserLab({ folders, open, title: "radlab", kernelEnv: notebookSettings() }, port);
  return {
    url: site.url,
    about: `notebook ${open}; notebooks/ and ${relative(process.cwd(), data) || "."} served read-only, nothing else`,
    ended: new Promise(() => {}),
    stop: () => site.close(),
  };
}

/** NOTEBOOK as a path under the checkout (the server's root), or the reproduction notebook. */
function notebookToOpen(given: string | undefined): string {
  if (given === undefined) {
    const found = REPRODUCTION_NOTEBOOKS.find((n) => existsSync(join(REPO_ROOT, n)));
    if (!found) throw new RadlabInputError(`no reproduction notebook in ${join(REPO_ROOT, "notebooks")}`);
    return found;
  }
  const path = resolve(given);
  if (!existsSync(path)) throw new RadlabInputError(`${given}: no such notebook`, given);
  const inside = relative(REPO_ROOT, path);
  if (inside.startsWith("..")) throw new RadlabInputError(`${given}: the lab serves the radlab checkout ${REPO_ROOT}; put the notebook inside it`, given);
  return inside;
}

/**
 * Writes the seeded demo cohort unless one is there: to data/demo-cohort, or where the
 * notebooks are told to look (RADLAB_DATA, with RADLAB_DEMO_CASES cases), so the lab and its
 * notebooks agree.
 */
async function ensureDemoCohort(): Promise<void> {
  const cohort = join(resolve(process.env.RADLAB_DATA ?? join(REPO_ROOT, "data")), "demo-cohort");
  if (existsSync(join(cohort, "manifest.csv"))) return;
  console.log(`▸ writing the demo cohort to ${relative(process.cwd(), cohort)} …`);
  const demoData: { run(argv: string[]): Promise<number> } = await import("./demo-data.js");
  const cases = process.env.RADLAB_DEMO_CASES ? ["--cases", process.env.RADLAB_DEMO_CASES] : [];
  const code = await demoData.run(["--out", cohort, ...cases]);
  if (code !== 0) throw new Error(`radlab demo-data --out ${cohort} exited with ${code}`);
}

/** The first port from `start` on which 127.0.0.1 accepts a listener. */
export async function firstFreePort(start: number): Promise<number> {
  for (let port = start; port < start + 100; port++) {
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once("error", () => done(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${start} and ${start + 99}; pass --port`);
}

/** A running lab server. */
export interface LabServer {
  process: ChildProcess;
  /** http://127.0.0.1:PORT/ */
  base: string;
  token: string;
  log: string;
}

/**
 * Starts Jupyter Server with radlab's lab: 127.0.0.1 only, a fresh random token (through the
 * environment, so it is not on the command line), the checkout as its root, its own process
 * group (a terminal's Ctrl-C reaches radlab, which stops the server cleanly, rather than the
 * server's interactive "Shutdown?" prompt). Resolves once the server answers.
 */
export async function startServer(python: string, port: number): Promise<LabServer> {
  const token = randomBytes(24).toString("hex");
  const log = join(JUPYTER_LOCAL, "lab-server.log");
  mkdirSync(JUPYTER_LOCAL, { recursive: true });
  const logFd = openSync(log, "w");
  const child = spawn(
    python,
    [
      "-m",
      "radlab_lab",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      "--ServerApp.open_browser=False",
      `--ServerApp.root_dir=${REPO_ROOT}`,
      // In a container or on CI the user is often root; Jupyter refuses that unless told.
      ...(process.getuid?.() === 0 ? ["--ServerApp.allow_root=True"] : []),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...jupyterEnvironment(REPO_ROOT), PYTHONPATH: join(WIDGETS, "server"), JUPYTER_TOKEN: token },
      stdio: ["ignore", logFd, logFd],
      detached: true,
    },
  );
  closeSync(logFd);
  const server = { process: child, base: `http://127.0.0.1:${port}/`, token, log };
  await untilAnswering(server);
  return server;
}

/** Polls /api/status until the server answers (or fails with the end of its log). */
async function untilAnswering(server: LabServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  server.process.once("exit", (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) break;
    try {
      const response = await fetch(`${server.base}api/status`, { headers: { Authorization: `token ${server.token}` } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const tail = readFileSync(server.log, "utf8").trim().split("\n").slice(-15).join("\n");
  if (exited === null) await stopServer(server);
  throw new Error(
    `Jupyter Server did not start (${exited === null ? `no answer in ${timeoutMs / 1000} s` : `exited with ${exited}`}); the end of ${server.log}:\n${tail}`,
  );
}

/** Opens the URL in the desktop's browser when there is a desktop; otherwise the printed URL is the way in. */
function openBrowser(url: string): void {
  const opener =
    process.platform === "darwin"
      ? ["open", url]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", "", url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ["xdg-open", url]
          : null;
  if (!opener) return;
  const child = spawn(opener[0], opener.slice(1), { stdio: "ignore", detached: true });
  child.on("error", () => console.log("  (no browser could be opened; open the URL above)"));
  child.unref();
}

/**
 * Stops the server through POST /api/shutdown (which also shuts its kernels down), waits for
 * it to exit, and kills its process group only if it has not gone within `graceMs`.
 */
export async function stopServer(server: LabServer, graceMs = 10_000): Promise<void> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    await fetch(`${server.base}api/shutdown`, { method: "POST", headers: { Authorization: `token ${server.token}` } });
  } catch {
    // already closing its sockets
  }
  const timer = new Promise<"late">((done) => setTimeout(() => done("late"), graceMs).unref());
  if ((await Promise.race([exited, timer])) === "late" && child.pid) {
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }
}

/** Waits for Ctrl-C (or SIGTERM/SIGHUP), stops the lab, and returns the exit code. */
function untilStopped(lab: RunningLab): Promise<number> {
  return new Promise((done) => {
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the lab …`);
      await lab.stop();
      console.log("  stopped.");
      done(EXIT.ok);
    };
    // `on`, not `once`: a second Ctrl-C while stopping must not kill radlab before the server is down.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
    void lab.ended.then((what) => {
      if (stopping) return;
      console.error(`radlab lab: ${what}`);
      done(EXIT.nothingDone);
    });
  });
}
