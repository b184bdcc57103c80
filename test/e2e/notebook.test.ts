/**
 * The worked-example notebook, executed headless as an author's supplementary material would
 * be: Jupyter's nbconvert drives the tslab kernel through every cell (Debian's
 * python3-nbconvert; CI installs it). Asserts that no cell failed and that the figures arrived
 * as Plotly MIME bundles with their HTML fallback.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../kernel-lib/test/reference.js";
// @ts-expect-error: a plain ESM script without types
import { findJupyterPython } from "../../scripts/notebooks.mjs";

const run = promisify(execFile);
const python = findJupyterPython() as string | null;
const IN_CI = process.env.CI === "true";

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string[] | string;
  ename?: string;
}

describe.skipIf(!python && !IN_CI)("notebooks/05-reproduce-the-study.ipynb", () => {
  it("runs every cell in the tslab kernel and shows its figures", async () => {
    expect(python, "Jupyter's nbconvert is needed (apt-get install python3-nbconvert python3-nbclient jupyter-client)").not.toBeNull();
    const out = mkdtempSync(join(tmpdir(), "radlab-nb-"));
    await run("node", [join(REPO_ROOT, "scripts/notebooks.mjs"), join(REPO_ROOT, "notebooks/05-reproduce-the-study.ipynb"), "--out", out], {
      env: { ...process.env, RADLAB_DATA: join(out, "data"), RADLAB_DEMO_CASES: "72" },
      timeout: 600_000,
    });
    const notebook = JSON.parse(readFileSync(join(out, "05-reproduce-the-study.ipynb"), "utf8")) as { cells: { cell_type: string; outputs?: Output[] }[] };
    const outputs = notebook.cells.filter((c) => c.cell_type === "code").flatMap((c) => c.outputs ?? []);
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    const text = outputs.map((o) => [o.text ?? ""].flat().join("")).join("");
    expect(text).toMatch(/72 cases/);
    expect(text).toMatch(/72 cases × 446 columns/);
    expect(text).toMatch(/AUC training 0\.\d{3} \(95% CI/);
    const figures = outputs.filter((o) => o.data && "application/vnd.plotly.v1+json" in o.data);
    expect(figures.length).toBeGreaterThanOrEqual(6);
    for (const f of figures) expect(Object.keys(f.data ?? {})).toContain("text/html");
    // plotly.js travels once per notebook, in the first figure's HTML fallback only.
    const withScript = figures.filter((f) => String((f.data ?? {})["text/html"]).length > 1_000_000);
    expect(withScript.length).toBe(1);
  }, 600_000);
});
