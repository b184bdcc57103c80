/**
 * Where `radlab lab` finds the checkout it serves and its project-local Jupyter folder. Which
 * Python has Jupyter Server, and the environment that keeps every Jupyter folder inside
 * `.jupyter-local` (never the user's home) with the tslab kernel registered there, are
 * publish/jupyter.ts's `findJupyterPython` and `jupyterEnvironment`, shared with nbconvert runs.
 * Radlab calls `python -m <module>`, as the `jupyter <sub>` launchers are not found on every
 * PATH (shared/docs/stack-notes.md, "Jupyter side").
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The radlab checkout this module runs from (kernel-lib/{src,dist}/cli → the root). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The project-local Jupyter folder. */
export const JUPYTER_LOCAL = join(REPO_ROOT, ".jupyter-local");
