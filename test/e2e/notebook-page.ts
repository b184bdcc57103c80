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
