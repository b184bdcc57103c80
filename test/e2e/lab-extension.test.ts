/**
 * The prebuilt JupyterLab 4 extension (widgets/src/extension), built as a JupyterLab extension
 * is: @jupyterlab/builder's build-labextension writes a federated extension folder
 * (widgets/dist/labextension) against the packages a JupyterLab 4.6 provides (the core
 * description widgets/scripts/lab-core.mjs writes). Checked here:
 * - the build succeeds, and its package.json names the remote entry, the MIME extension (the
 *   renderers) and the plugin entry ("Use this λ");
 * - the remote entry takes JupyterLab's Lumino, rendermime and notebook from the host (shared
 *   singletons, not bundled twice) and carries radlab's renderers (their MIME types);
 * - installed into a labextensions folder, jupyterlab_server (the server side every JupyterLab 4
 *   runs on; Debian's 2.16) finds it and would hand it to the page as a federated extension.
 *
 * Not checked here: the page of a stock JupyterLab 4 loading it. JupyterLab itself is not
 * installable on this machine's registries (no Debian package, no prebuilt JupyterLab on npm),
 * and radlab's own lab is built without module federation.
 * Cost: one webpack build of the extension, ~75 s of CPU (2 min wall at load 12 on the 2-core machine).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJupyterPython } from "../../kernel-lib/src/publish/jupyter.js";
import { REPO } from "./lab-harness.js";

const OUT = join(REPO, "widgets", "dist", "labextension");
const NAME = "@radlab/jupyterlab-widgets";
const MIME_TYPES = [
  "application/vnd.plotly.v1+json",
  "application/vnd.radlab.slice-viewer.v1+json",
  "application/vnd.radlab.lambda-explorer.v1+json",
  "application/vnd.radlab.feature-table.v1+json",
];

interface BuildMetadata {
  name: string;
  jupyterlab: { _build: { load: string; extension?: string; mimeExtension?: string } };
}

describe("the prebuilt JupyterLab extension", () => {
  let build: ReturnType<typeof spawnSync>;
  let meta: BuildMetadata;
  const scratch = mkdtempSync(join(tmpdir(), "radlab-labextension-"));

  beforeAll(() => {
    build = spawnSync("npm", ["run", "build:extension", "-w", "@radlab/widgets"], { cwd: REPO, encoding: "utf8", timeout: 900_000 });
    if (build.status === 0) meta = JSON.parse(readFileSync(join(OUT, "package.json"), "utf8"));
  }, 900_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("builds with build-labextension into a folder with the remote entry, the MIME extension and the plugin", () => {
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
    expect(meta.name).toBe(NAME);
    expect(meta.jupyterlab._build.mimeExtension).toBe("./mimeExtension");
    expect(meta.jupyterlab._build.extension).toBe("./extension");
    expect(existsSync(join(OUT, meta.jupyterlab._build.load))).toBe(true);
  });

  it("shares Lumino, rendermime and the notebook with the host lab instead of bundling them, and carries radlab's renderers", () => {
    const remoteEntry = readFileSync(join(OUT, meta.jupyterlab._build.load), "utf8");
    // The remote entry registers the extension in JupyterLab's federation scope and consumes the host's singletons.
    expect(remoteEntry).toContain("_JUPYTERLAB");
    for (const shared of ["@lumino/widgets", "@lumino/datagrid", "@jupyterlab/notebook"]) expect(remoteEntry, shared).toContain(`"${shared}"`);
    const all = readdirSync(join(OUT, "static"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(OUT, "static", f), "utf8"))
      .join("\n");
    for (const mime of MIME_TYPES) expect(all, mime).toContain(mime);
    expect(all).toContain("radlab-insert-code");
    // Lumino's Widget is not bundled (a second copy beside the host's would break instanceof
    // checks): its constructor's class name, in any bundle that has it, is absent.
    expect(all).not.toContain("lm-Widget");
  });

  it("installed into a labextensions folder, jupyterlab_server finds it as a federated extension", () => {
    const python = findJupyterPython(["jupyterlab_server"]);
    if (!python) throw new Error("no Python with jupyterlab_server (Debian: python3-jupyterlab-server)");
    const labextensions = join(scratch, "labextensions");
    mkdirSync(join(labextensions, "@radlab"), { recursive: true });
    cpSync(OUT, join(labextensions, NAME), { recursive: true });
    const probe = spawnSync(
      python,
      [
        "-c",
        "import json, sys; from jupyterlab_server.config import get_federated_extensions; print(json.dumps(get_federated_extensions([sys.argv[1]])))",
        labextensions,
      ],
      { encoding: "utf8" },
    );
    expect(probe.status, probe.stderr).toBe(0);
    const found = JSON.parse(probe.stdout)[NAME];
    expect(found.jupyterlab._build).toEqual(meta.jupyterlab._build);
    expect(existsSync(join(found.ext_path, found.jupyterlab._build.load))).toBe(true);
  });
});
