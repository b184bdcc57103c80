// Runs radlab's notebooks headless with the tslab kernel and Jupyter's nbconvert:
//   node scripts/notebooks.mjs [notebook.ipynb ...] [--out DIR]
// The kernel is registered in a project-local Jupyter folder (.jupyter-local), so nothing is
// written to the user's home. Writes the executed notebook (with its execution counts) and an
// HTML copy per notebook.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// The one home of executing a notebook and of finding Jupyter: kernel-lib's publish/ (radlab publish uses them too).
import { executeNotebook } from "../kernel-lib/dist/publish/execute.js";
import { findJupyterPython, jupyterEnvironment as kernelEnvironment } from "../kernel-lib/dist/publish/jupyter.js";

export { findJupyterPython };

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = resolve(outAt >= 0 ? args[outAt + 1] : join(root, "artifacts", "notebooks"));
const notebooks = args.filter((a, n) => a.endsWith(".ipynb") && n !== outAt + 1).map((a) => resolve(a));
if (notebooks.length === 0) for (const f of readdirSync(join(root, "notebooks")).sort()) if (f.endsWith(".ipynb")) notebooks.push(join(root, "notebooks", f));

/** Registers the tslab kernel under .jupyter-local and returns the environment that finds it. */
export function jupyterEnvironment() {
  return kernelEnvironment(root);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const python = findJupyterPython();
  if (!python) {
    console.error(
      "radlab notebooks: Jupyter's nbconvert was not found. Install it with\n  apt-get install python3-nbconvert python3-nbclient jupyter-client\n(or pip install nbconvert), or set RADLAB_PYTHON to a Python that has it.",
    );
    process.exit(2);
  }
  if (!existsSync(join(root, "kernel-lib", "dist", "index.js"))) {
    console.error("radlab notebooks: build first (npm run build)");
    process.exit(2);
  }
  const env = jupyterEnvironment();
  mkdirSync(out, { recursive: true });
  let failed = 0;
  for (const notebook of notebooks) {
    // The one way radlab executes a notebook (radlab publish's): in its own folder, execution counts recorded.
    let executed;
    try {
      executed = await executeNotebook(notebook, { python, env, timeout: 900 });
    } catch (error) {
      failed++;
      console.error(`✗ ${basename(notebook)} failed: ${error instanceof Error ? error.message : error}`);
      continue;
    }
    const target = join(out, basename(notebook));
    writeFileSync(target, `${JSON.stringify(executed.notebook, null, 1)}\n`);
    spawnSync(python, ["-m", "nbconvert", "--to", "html", "--output-dir", out, target], { env, stdio: "ignore" });
    console.log(`✓ ${basename(notebook)} in ${(executed.durationMs / 1000).toFixed(1)} s → ${target} (+ .html)`);
  }
  process.exit(failed > 0 ? 1 : 0);
}
