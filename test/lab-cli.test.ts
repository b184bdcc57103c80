/**
 * `radlab lab` without a browser or a server: what it says when Jupyter Server is missing or
 * the command line is wrong, and that the lab app's plugin packages are the ones its build
 * copies schemas and themes from, and what counts as a change of the lab build's inputs. The lab
 * itself is tested end to end in test/e2e/lab.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SERVER_MODE_MISSING } from "../kernel-lib/src/cli/lab.js";
import { labSourceHash } from "../kernel-lib/src/cli/lab-build.js";
import { runRadlab } from "../kernel-lib/test/built-cli.js";
import { REPO_ROOT } from "../kernel-lib/test/reference.js";

const radlab = async (args: string[]) => {
  const run = await runRadlab("lab", ...args);
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
};

afterEach(() => {
  delete process.env.RADLAB_PYTHON;
});

describe("radlab lab", () => {
  it("without Jupyter Server falls back to the browser mode, saying in one line what server mode adds and how to install it", async () => {
    // The child inherits this environment: a Python without Jupyter Server. The notebook is
    // outside the folders the browser mode serves, so it stops there, before building anything
    // (the browser mode itself runs in test/e2e/browser-lab.test.ts).
    process.env.RADLAB_PYTHON = "/bin/false";
    const run = await radlab(["--no-browser", "README.md"]);
    expect(run.stdout.split("\n")).toContain(SERVER_MODE_MISSING);
    expect(SERVER_MODE_MISSING).toMatch(/apt-get install python3-jupyter-server python3-jupyterlab-server jupyter-client$/);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/README\.md: the browser mode serves the checkout's notebooks\/ and data\/ folders/);
    expect(run.stdout).not.toMatch(/The lab is at/);
  });

  it("refuses a notebook that does not exist, naming it", async () => {
    const run = await radlab(["--no-browser", "no-such-notebook.ipynb"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no-such-notebook\.ipynb: no such notebook/);
  });

  it("refuses a port that is not one, and a second notebook", async () => {
    expect((await radlab(["--port", "http"])).status).toBe(2);
    expect((await radlab(["--port", "70000"])).status).toBe(2);
    const two = await radlab(["a.ipynb", "b.ipynb"]);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/unexpected|expected/);
  });

  it("documents [NOTEBOOK], --port, --no-browser and --browser in its help", async () => {
    const help = await radlab(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/radlab lab \[NOTEBOOK\]/);
    expect(help.stdout).toMatch(/--port P/);
    expect(help.stdout).toMatch(/--no-browser/);
    expect(help.stdout).toMatch(/--browser\s+the browser mode/);
  });
});

describe("the lab app's plugin list", () => {
  it("imports exactly the extension packages whose schemas and themes the build copies (package.json jupyterlab.extensions)", () => {
    const imported = ["plugins.ts", "service-plugins.ts"].flatMap((file) =>
      [...readFileSync(join(REPO_ROOT, "widgets", "src", "app", file), "utf8").matchAll(/^import \w+ from "(@jupyterlab\/[\w-]+)";$/gm)].map((m) => m[1]),
    );
    const listed = JSON.parse(readFileSync(join(REPO_ROOT, "widgets", "package.json"), "utf8")).jupyterlab.extensions as string[];
    expect([...imported].sort()).toEqual([...listed].sort());
    expect(listed).toContain("@jupyterlab/toc-extension");
    expect(listed).toContain("@jupyterlab/metadataform-extension");
  });
});

describe("the lab build's stamp", () => {
  it("changes with a source and with a package.json's resolution fields, not with its npm scripts", () => {
    const folder = mkdtempSync(join(tmpdir(), "radlab-lab-stamp-"));
    try {
      const source = join(folder, "plotly.ts");
      const pkg = join(folder, "package.json");
      const write = (scripts: Record<string, string>, exports: string, code: string) => {
        writeFileSync(pkg, JSON.stringify({ name: "x", exports, scripts }, null, 2));
        writeFileSync(source, code);
        return labSourceHash([source, pkg]);
      };
      const base = write({ build: "tsc" }, "./dist/index.js", "export const a = 1;");
      expect(write({ build: "tsc", "bench:new": "node bench/new.mjs" }, "./dist/index.js", "export const a = 1;")).toBe(base);
      expect(write({ build: "tsc" }, "./dist/browser.js", "export const a = 1;")).not.toBe(base);
      expect(write({ build: "tsc" }, "./dist/index.js", "export const a = 2;")).not.toBe(base);
      rmSync(source);
      expect(labSourceHash([source, pkg])).not.toBe(base);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
