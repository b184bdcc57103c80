/**
 * The Jupyter side of radlab: a Python with Jupyter's modules (nbconvert for publishing, Jupyter
 * Server for `radlab lab`), and the environment that finds the tslab kernel registered in the
 * project's own folder (`.jupyter-local` beside node_modules), so nothing is read from or
 * written to the user's home (stack-notes.md, "Jupyter side").
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

/** The Python modules that execute notebooks headless (`radlab publish`, `npm run notebooks`). */
export const NBCONVERT_MODULES: readonly string[] = ["nbconvert", "nbclient", "jupyter_client"];

/**
 * The first Python that imports all these modules, or null: RADLAB_PYTHON when it is set (the
 * user's explicit choice, and nothing else), else /usr/bin/python3, then `python3` on PATH.
 * Debian's Jupyter packages live under /usr/bin/python3; the `python3` on PATH may be another
 * interpreter without them, hence the order.
 */
export function findJupyterPython(modules: readonly string[] = NBCONVERT_MODULES): string | null {
  const candidates = process.env.RADLAB_PYTHON ? [process.env.RADLAB_PYTHON] : ["/usr/bin/python3", "python3"];
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return null;
}

/** The folder holding the node_modules that has tslab: the project's root. */
export function projectRoot(): string {
  const tslab = createRequire(import.meta.url).resolve("tslab/package.json");
  return resolve(dirname(tslab), "..", "..");
}

/**
 * Registers the tslab kernel under `ROOT/.jupyter-local` and returns the environment that finds
 * it (JUPYTER_PATH, data/config/runtime dirs, and this node on PATH for tslab's shebang).
 */
export function jupyterEnvironment(root: string = projectRoot(), base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const local = join(root, ".jupyter-local");
  const kernel = join(local, "share", "jupyter", "kernels", "tslab");
  mkdirSync(kernel, { recursive: true });
  const tslab = join(root, "node_modules", ".bin", "tslab");
  if (!existsSync(tslab)) throw new Error(`the tslab kernel is not installed at ${tslab} (run npm install)`);
  writeFileSync(
    join(kernel, "kernel.json"),
    JSON.stringify({ argv: [tslab, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" }),
  );
  return {
    ...base,
    JUPYTER_PATH: join(local, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(local, "data"),
    JUPYTER_CONFIG_DIR: join(local, "config"),
    JUPYTER_RUNTIME_DIR: join(local, "runtime"),
    IPYTHONDIR: join(local, "ipython"),
    PATH: `${dirname(process.execPath)}:${base.PATH ?? ""}`,
  };
}

/** The versions of the Python packages that executed the notebooks (for the provenance page). */
export function jupyterVersions(python: string): Record<string, string> {
  const probe = spawnSync(
    python,
    [
      "-c",
      "import json, sys, nbconvert, nbclient, nbformat, jupyter_client\n" +
        "print(json.dumps({'python': sys.version.split()[0], 'nbconvert': nbconvert.__version__, 'nbclient': nbclient.__version__, " +
        "'nbformat': nbformat.__version__, 'jupyter_client': jupyter_client.__version__}))",
    ],
    { encoding: "utf8" },
  );
  return probe.status === 0 ? (JSON.parse(probe.stdout) as Record<string, string>) : {};
}
