/**
 * The open notebook of a radlab lab page (either mode), as the e2e tests drive it: the panel's
 * model and session as the page sees them, its outputs as text, Run All and waiting for it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { demoModelCommand } from "../../kernel-lib/src/demo/study-data.js";

const RADLAB = join(import.meta.dirname, "..", "..", "kernel-lib", "bin", "radlab.js");

/** The open notebook panel, the parts the tests read (JupyterLab's NotebookPanel). */
export interface NotebookPanelView {
  content: {
    model: {
      cells: Iterable<{ type: string; executionCount: number | null; outputs: { length: number; get(k: number): { toJSON(): Record<string, unknown> } } }> & {
        length: number;
      };
      sharedModel: { insertCell(index: number, cell: { cell_type: string; source: string }): void };
    };
    activeCellIndex: number;
  };
  sessionContext: { session?: { kernel?: { status: string } } };
}

/** One output of a code cell: its type and its text (stream text, text/plain, or "ename: evalue"). */
export interface OutputText {
  type: string;
  text: string;
}

/** Every output of every code cell of the open notebook, in order. */
export function notebookOutputs(page: Page): Promise<OutputText[]> {
  return page.evaluate(() => {
    const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookPanelView;
    const found: OutputText[] = [];
    for (const cell of panel.content.model.cells) {
      if (cell.type !== "code") continue;
      for (let k = 0; k < cell.outputs.length; k++) {
        const output = cell.outputs.get(k).toJSON() as {
          output_type: string;
          text?: string | string[];
          data?: Record<string, string | string[]>;
          ename?: string;
          evalue?: string;
        };
        const text = output.text ?? output.data?.["text/plain"] ?? (output.output_type === "error" ? `${output.ename}: ${output.evalue}` : "");
        found.push({ type: output.output_type, text: Array.isArray(text) ? text.join("") : text });
      }
    }
    return found;
  });
}

/** Waits until the open notebook's kernel is idle (Run All before the kernel has started runs nothing). */
export async function waitForKernelIdle(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => (window.jupyterapp?.shell.currentWidget as unknown as NotebookPanelView | null)?.sessionContext?.session?.kernel?.status === "idle",
    undefined,
    { timeout },
  );
}

/** Run All (the Run menu's command), then waits until every code cell has run and the kernel is idle. */
export async function runAll(page: Page, timeout: number): Promise<void> {
  await page.evaluate(() => window.jupyterapp?.commands.execute("notebook:run-all-cells"));
  await page.waitForFunction(
    () => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookPanelView;
      const cells = [...panel.content.model.cells].filter((c) => c.type === "code");
      return panel.sessionContext.session?.kernel?.status === "idle" && cells.every((c) => c.executionCount !== null);
    },
    undefined,
    { timeout, polling: 1000 },
  );
}

/** The AUC line notebook 05 prints, from a study result's ROC summaries. */
export function aucLine(roc: { training: AucSummary; validation: AucSummary }): string {
  const auc = (r: AucSummary) => `${r.auc.toFixed(3)} (95% CI ${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)})`;
  return `AUC training ${auc(roc.training)}; validation ${auc(roc.validation)}`;
}

/** The parts of a study result notebook 05's printed lines are checked against. */
export interface ModelNumbers {
  roc: { training: AucSummary; validation: AucSummary };
  lasso: { selected: string[] };
}

/**
 * `radlab extract` and `radlab model` (the demo's arguments) in Node on a demo cohort, in
 * `folder`: the numbers the reproduction notebook must print on the same cohort.
 */
export function modelOfCohort(cohort: string, folder: string): ModelNumbers {
  const radlab = (args: string[]) => {
    const run = spawnSync(process.execPath, [RADLAB, ...args], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`radlab ${args.join(" ")} exited ${run.status}:\n${run.stdout}${run.stderr}`);
  };
  const features = join(folder, "features.csv");
  radlab(["extract", "--manifest", join(cohort, "manifest.csv"), "--out", features, "--no-cache"]);
  const [, ...modelArgs] = demoModelCommand(features);
  radlab([...modelArgs, "--out", join(folder, "model.json")]);
  return JSON.parse(readFileSync(join(folder, "model.json"), "utf8")) as ModelNumbers;
}

interface AucSummary {
  auc: number;
  ciLow: number;
  ciHigh: number;
}

/** One output of a code cell as the lab's model holds it (nbformat's shape), with its cell's index. */
export interface CellOutput {
  cell: number;
  output: Record<string, unknown>;
}

/** Every output of every code cell of the open notebook, whole (data bundles included), in order. */
export function notebookOutputsJson(page: Page): Promise<CellOutput[]> {
  return page.evaluate(() => {
    const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookPanelView;
    const found: { cell: number; output: Record<string, unknown> }[] = [];
    let index = 0;
    for (const cell of panel.content.model.cells) {
      if (cell.type === "code") for (let k = 0; k < cell.outputs.length; k++) found.push({ cell: index, output: cell.outputs.get(k).toJSON() });
      index++;
    }
    return found;
  });
}

/**
 * Opens the notebook at `path` (relative to the lab's root) and waits until it is the lab's
 * current widget with its kernel started and idle.
 */
export async function openNotebook(page: Page, path: string, timeout: number): Promise<void> {
  // a page just loaded may not have its document manager yet (its plugins activate after load)
  await page.waitForFunction(() => window.jupyterapp?.commands.hasCommand("docmanager:open") === true, undefined, { timeout });
  await page.evaluate(() => window.jupyterapp?.restored);
  await page.evaluate((p) => window.jupyterapp?.commands.execute("docmanager:open", { path: p, factory: "Notebook" }), path);
  await page.waitForFunction(
    (p) => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as (NotebookPanelView & { context: { path: string } }) | null;
      return panel?.context?.path === p && panel.sessionContext.session?.kernel?.status === "idle";
    },
    path,
    { timeout, polling: 250 },
  );
}

/** Shuts down the open notebook's kernel and closes it without saving (what Run All added stays unsaved). */
export async function closeNotebook(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const panel = window.jupyterapp?.shell.currentWidget as unknown as {
      sessionContext: { shutdown(): Promise<void> };
      context: { model: { dirty: boolean } };
      close(): void;
    };
    await panel.sessionContext.shutdown();
    panel.context.model.dirty = false;
    panel.close();
  });
}
