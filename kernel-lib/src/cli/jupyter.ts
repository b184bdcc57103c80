/**
 * Which Python has Jupyter Server, for `radlab lab`. The environment that keeps every Jupyter
 * folder inside the project's `.jupyter-local` (never the user's home), with the tslab kernel
 * registered there, is publish/jupyter.ts's `jupyterEnvironment`, shared with nbconvert runs.
 *
 * Debian's Jupyter packages live under /usr/bin/python3; the `python3` on PATH may be another
 * interpreter without them, and the `jupyter <sub>` launchers are not found, so radlab calls
 * `/usr/bin/python3 -m <module>` (shared/docs/stack-notes.md, "Jupyter side").
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The radlab checkout this module runs from (kernel-lib/{src,dist}/cli → the root). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The project-local Jupyter folder. */
export const JUPYTER_LOCAL = join(REPO_ROOT, ".jupyter-local");

/**
 * The first Python that imports all these modules, or null: RADLAB_PYTHON when it is set (the
 * user's explicit choice, and nothing else), else /usr/bin/python3, then `python3` on PATH.
 */
export function findJupyterPython(modules: readonly string[]): string | null {
  const candidates = process.env.RADLAB_PYTHON ? [process.env.RADLAB_PYTHON] : ["/usr/bin/python3", "python3"];
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return null;
}
