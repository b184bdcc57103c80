/**
 * Executes one notebook headless with nbconvert's ExecutePreprocessor on the tslab kernel and
 * returns the executed notebook, or fails naming the notebook and the cell. A small Python
 * driver (below) runs the preprocessor, notes which cell it is in, records each cell's execution
 * count from the kernel's reply, and writes the notebook even when a cell fails, so the error
 * can be read from the failing cell's own outputs.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import type { Notebook, NotebookOutput } from "./notebook.js";
import { cellSource } from "./notebook.js";

/**
 * The driver: argv = notebook, output path, working folder, timeout (s). Prints one JSON line:
 * {ok} or {ok: false, cell (0-based index), message}. nbconvert's ExecutePreprocessor calls
 * preprocess_cell(cell, resources, index) for each cell, which is where the index is noted.
 */
const DRIVER = `
import json, sys, nbformat
from nbconvert.preprocessors import ExecutePreprocessor
source, target, cwd, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(source, as_version=4)
ep = ExecutePreprocessor(kernel_name="tslab", timeout=timeout)
current = {"cell": None}
run_cell = ep.preprocess_cell
def tracked(cell, resources, index):
    current["cell"] = index
    return run_cell(cell, resources, index)
ep.preprocess_cell = tracked
def record_count(cell, cell_index, execute_reply):
    # nbclient takes a cell's count from the kernel's execute_input message, which tslab does
    # not send; its execute_reply carries the count, so the executed notebook shows In [n].
    count = ((execute_reply or {}).get("content") or {}).get("execution_count")
    if count is not None:
        cell["execution_count"] = count
        for output in cell.get("outputs", []):
            if output.get("output_type") == "execute_result":
                output["execution_count"] = count
ep.on_cell_executed = record_count
status = {"ok": True}
try:
    ep.preprocess(nb, {"metadata": {"path": cwd}})
except Exception as error:
    status = {"ok": False, "cell": current["cell"], "message": (type(error).__name__ + ": " + str(error))[-4000:]}
nbformat.write(nb, target)
print(json.dumps(status))
`;

/** A notebook cell failed (or the kernel did): names the notebook, the cell and the error. */
export class NotebookExecutionError extends RadlabInputError {
  constructor(
    message: string,
    readonly notebook: string,
    /** 1-based position of the failing cell in the notebook (as Jupyter counts them), if known. */
    readonly cell: number | null,
  ) {
    super(message, notebook);
  }
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  python: string;
  /** The environment that finds the tslab kernel (jupyterEnvironment()). */
  env: NodeJS.ProcessEnv;
  /** Seconds a cell may run (default 900). */
  timeout?: number;
}

/** The executed notebook and how long it took. */
export interface ExecutedNotebook {
  path: string;
  notebook: Notebook;
  durationMs: number;
}

/** Executes the notebook at `path` in its own folder (as Jupyter would) and returns it with its outputs. */
export async function executeNotebook(path: string, options: ExecuteOptions): Promise<ExecutedNotebook> {
  const source = resolve(path);
  const scratch = mkdtempSync(join(tmpdir(), "radlab-publish-"));
  const target = join(scratch, basename(source));
  const started = Date.now();
  try {
    const { code, stdout, stderr } = await run(options.python, ["-c", DRIVER, source, target, dirname(source), String(options.timeout ?? 900)], options.env);
    const status = lastJsonLine(stdout) as { ok: boolean; cell?: number | null; message?: string } | null;
    if (!status) throw new NotebookExecutionError(`${path}: nbconvert did not run (exit ${code}): ${tail(stderr)}`, path, null);
    const notebook = JSON.parse(readFileSync(target, "utf8")) as Notebook;
    if (!status.ok) throw failure(path, notebook, status.cell ?? null, status.message ?? "");
    return { path: source, notebook, durationMs: Date.now() - started };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The error of a failed run: the cell's position, its first line, and what it printed as its error. */
function failure(path: string, notebook: Notebook, index: number | null, message: string): NotebookExecutionError {
  if (index === null || !notebook.cells[index])
    return new NotebookExecutionError(`${path}: the kernel failed before any cell ran: ${tail(message)}`, path, null);
  const cell = notebook.cells[index];
  const firstLine =
    cellSource(cell)
      .split("\n")
      .find((l) => l.trim() !== "") ?? "";
  const outputs: NotebookOutput[] = cell.outputs ?? [];
  const reported = outputs
    .flatMap((o) => {
      if (o.output_type === "error") return [[o.ename, o.evalue].filter(Boolean).join(": ")];
      if (o.output_type === "stream" && o.name === "stderr") return [[o.text ?? ""].flat().join("")];
      return [];
    })
    .map(stripAnsi)
    .join("\n")
    .trim();
  const why = reported || tail(message);
  return new NotebookExecutionError(`${path}, cell ${index + 1} (\`${firstLine.trim().slice(0, 80)}\`) failed:\n${firstLines(why, 12)}`, path, index + 1);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function lastJsonLine(text: string): unknown {
  const line = text.trim().split("\n").pop();
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

/** Terminal colour codes out (tracebacks carry them). */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is being removed
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

const tail = (text: string) => stripAnsi(text).trim().split("\n").slice(-6).join("\n");
const firstLines = (text: string, n: number) => text.split("\n").slice(0, n).join("\n");
