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
 *   runs on; Debian's 2.16) finds it and would hand it to the page as a federated extension;
 * - a page built with webpack's module federation as JupyterLab's is (test/e2e/labext-host,
 *   sharing Lumino) loads it as JupyterLab's page does and renders a feature table with it, on
 *   the host's own Lumino Widget class (the shared singleton, not a bundled copy).
 *
 * Not checked here: a stock JupyterLab 4 page loading it, nor its plugin entry ("Use this λ",
 * which needs JupyterLab's notebook). JupyterLab itself is not installable on this machine's
 * registries (no Debian package, no prebuilt JupyterLab on npm), and radlab's own lab is built
 * without module federation.
 * Cost: one webpack build of the extension, ~75 s of CPU (2 min wall at load 12 on the 2-core machine).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import * as aq from "arquero";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featureTable } from "../../kernel-lib/src/display/feature-table.js";
import { FEATURE_TABLE_MIME } from "../../kernel-lib/src/display/widget-payloads.js";
import { findJupyterPython } from "../../kernel-lib/src/publish/jupyter.js";
import { REPO } from "./lab-harness.js";
import { launchWidgetBrowser } from "./widget-page.js";

const OUT = join(REPO, "widgets", "dist", "labextension");
const HOST = join(REPO, "artifacts", "labext-host");
const PORT = 8873;
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

  it("loads into a page built with module federation as JupyterLab's is, on the host's Lumino, and renders a feature table", async () => {
    const host = spawnSync("npx", ["webpack", "--config", join(REPO, "test", "e2e", "labext-host", "webpack.config.cjs")], { cwd: REPO, encoding: "utf8" });
    expect(host.status, `${host.stdout}\n${host.stderr}`).toBe(0);
    // The host's files at /, the extension's folder at /ext/ (as JupyterLab serves lab/extensions/NAME/).
    const types: Record<string, string> = { ".js": "text/javascript", ".html": "text/html" };
    const server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
      const file = path === "/" ? null : path.startsWith("/ext/") ? join(OUT, path.slice(5)) : join(HOST, path);
      if (file && !(file.startsWith(OUT) || file.startsWith(HOST))) return void response.writeHead(403).end();
      if (!file)
        return void response
          .writeHead(200, { "content-type": "text/html" })
          .end('<!doctype html><link rel="icon" href="data:,"><div id="host" style="width:900px;height:600px"></div><script src="/main.js"></script>');
      if (!existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(PORT, "127.0.0.1", done));
    const browser = await launchWidgetBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => "radlabLoadExtension" in window);
      const table = aq.table({ id: ["a", "b", "c", "d"], outcome: [0, 1, 0, 1], stat_Mean: [1, 2, 3, 4], stat_Median: [4, 3, 2, 1] });
      const loaded = await page.evaluate(
        ([url, name, mime, data]) =>
          (window as unknown as { radlabLoadExtension(...a: unknown[]): Promise<{ rendered: string; sameWidget: boolean }> }).radlabLoadExtension(
            url,
            name,
            mime,
            data,
          ),
        [`/ext/${meta.jupyterlab._build.load}`, NAME, FEATURE_TABLE_MIME, featureTable(table).payload] as const,
      );
      expect(loaded.sameWidget).toBe(true);
      expect(loaded.rendered).toContain("radlab-feature-table");
      expect(await page.locator(".radlab-feature-table").getAttribute("data-shown-columns")).toBe("2");
      expect(await page.locator(".radlab-feature-summary").textContent()).toContain("4 of 4 cases × 2 of 2 features");
      expect(errors, errors.join("\n")).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
