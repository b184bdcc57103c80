/**
 * The six notebooks, executed headless as a reader would run them: Jupyter's nbconvert drives
 * the tslab kernel through every cell (Debian's python3-nbconvert; CI installs it), on a
 * 40-case demo cohort in a scratch folder (RADLAB_DEMO_CASES / RADLAB_DATA; the notebooks state
 * their time with the full 142). Then 05's numbers are checked against `radlab model` on the
 * same feature table: one source of truth. About 2–3 minutes on 2 shared cores.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoModelCommand, publishedComparison, resultsParagraph, type StudyResult } from "../../kernel-lib/src/index.js";
import { REPO_ROOT } from "../../kernel-lib/test/reference.js";
// @ts-expect-error: a plain ESM script without types
import { findJupyterPython } from "../../scripts/notebooks.mjs";

const run = promisify(execFile);
const python = findJupyterPython() as string | null;
const IN_CI = process.env.CI === "true";
const CASES = 40;

interface Output {
  output_type: string;
  name?: string;
  data?: Record<string, unknown>;
  text?: string[] | string;
  ename?: string;
}
interface Notebook {
  cells: { cell_type: string; source: string[] | string; outputs?: Output[]; execution_count?: number | null }[];
}

const NOTEBOOKS = readdirSync(join(REPO_ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const textOf = (o: Output) => [o.text ?? ""].flat().join("");

describe.skipIf(!python && !IN_CI)("notebooks/*.ipynb on the tslab kernel", () => {
  const out = mkdtempSync(join(tmpdir(), "radlab-nb-"));
  const data = join(out, "data");
  const executed = new Map<string, Notebook>();

  beforeAll(async () => {
    expect(python, "Jupyter's nbconvert is needed (apt-get install python3-nbconvert python3-nbclient jupyter-client)").not.toBeNull();
    const started = Date.now();
    await run("node", [join(REPO_ROOT, "scripts/notebooks.mjs"), ...NOTEBOOKS.map((f) => join(REPO_ROOT, "notebooks", f)), "--out", out], {
      env: { ...process.env, RADLAB_DATA: data, RADLAB_DEMO_CASES: String(CASES) },
      timeout: 900_000,
    }).catch((error) => {
      throw new Error(`scripts/notebooks.mjs failed:\n${error.stderr ?? error}`);
    });
    console.log(`${NOTEBOOKS.length} notebooks executed in ${((Date.now() - started) / 1000).toFixed(0)} s (${CASES} cases)`);
    for (const f of NOTEBOOKS) executed.set(f, JSON.parse(readFileSync(join(out, f), "utf8")));
  }, 900_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("has the six notebooks of the issue", () => {
    expect(NOTEBOOKS).toEqual([
      "01-load-and-preview.ipynb",
      "02-extract-features.ipynb",
      "03-select-features.ipynb",
      "04-build-and-validate.ipynb",
      "05-reproduce-the-study.ipynb",
      "06-teaching-lab.ipynb",
    ]);
  });

  it("runs every cell of every notebook with no error and shows figures with an HTML fallback", () => {
    for (const [name, notebook] of executed) {
      const outputs = notebook.cells.filter((c) => c.cell_type === "code").flatMap((c) => c.outputs ?? []);
      expect(
        outputs.filter((o) => o.output_type === "error"),
        name,
      ).toEqual([]);
      expect(outputs.filter((o) => o.name === "stderr").map(textOf), name).toEqual([]);
      const figures = outputs.filter((o) => o.data && "application/vnd.plotly.v1+json" in o.data);
      expect(figures.length, name).toBeGreaterThanOrEqual(1);
      for (const f of figures) expect(Object.keys(f.data ?? {})).toContain("text/html");
      // plotly.js travels once per notebook, in the first HTML fallback that draws a figure.
      expect(outputs.filter((o) => String(o.data?.["text/html"] ?? "").length > 1_000_000).length, name).toBe(1);
      // Execution counts from the kernel's replies, in order: the HTML shows In [1], In [2], … not In [ ].
      const code = notebook.cells.filter((c) => c.cell_type === "code" && [c.source].flat().join("").trim() !== "");
      expect(
        code.map((c) => c.execution_count),
        name,
      ).toEqual(code.map((_, n) => n + 1));
    }
    const html = readFileSync(join(out, NOTEBOOKS[0].replace(/\.ipynb$/, ".html")), "utf8");
    expect(html).toMatch(/In&nbsp;\[1\]:/);
    expect(html).not.toMatch(/In&nbsp;\[&nbsp;\]:/);
  });

  it("02 computes the worked GLCM example equal to radlab's value", () => {
    const text = (executed.get("02-extract-features.ipynb")?.cells ?? [])
      .flatMap((c) => c.outputs ?? [])
      .map(textOf)
      .join("");
    expect(text).toMatch(/equal: true/);
    expect(text).toMatch(new RegExp(`${CASES} cases × 446 columns`));
  });

  it("05's numbers equal `radlab model` on the same feature table", async () => {
    const notebookResult = JSON.parse(readFileSync(join(data, "demo-study", "notebook-result.json"), "utf8")) as StudyResult;
    const cliOut = join(out, "cli-result.json");
    const features = join(data, "demo-study", "features.csv");
    const [, ...args] = demoModelCommand(features);
    await run("node", [join(REPO_ROOT, "kernel-lib/bin/radlab.js"), ...args, "--out", cliOut]);
    const cli = JSON.parse(readFileSync(cliOut, "utf8")) as StudyResult;
    expect(cli.provenance.command?.[1]).toBe("model");
    // Everything but when and by which command line it was made.
    const numbers = (r: StudyResult) => ({ ...r, provenance: { ...r.provenance, created: "", command: null } });
    expect(numbers(notebookResult)).toEqual(numbers(cli));
    expect(cli.lasso.selected.length).toBeGreaterThan(0);

    // The paragraph the notebook showed is the one written from the command line's result.
    const outputs = (executed.get("05-reproduce-the-study.ipynb")?.cells ?? []).flatMap((c) => c.outputs ?? []);
    const shown = outputs.map((o) => o.data?.["text/markdown"]).find((m) => m !== undefined);
    const label = `synthetic demo cohort, ${CASES} patients, seed 20240601`;
    expect([shown].flat().join("")).toBe(`${resultsParagraph(cli, label)}\n\n${publishedComparison(cli, label)}`);
    expect(String(shown)).toMatch(/The AUC of the training group model was [01]\.\d{3} \(95% CI [01]\.\d{3}–[01]\.\d{3}\), sensitivity/);
  });
});
