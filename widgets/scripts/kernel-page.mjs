// A bare page that drives the in-browser kernel's worker without the lab, for the e2e test
// (test/e2e/browser-kernel.test.ts) and the benchmarks (bench/browser-kernel.mjs,
// browser-cohort.mjs, which serve it with serveKernelPage): the server that serves it gives the worker at /kernel/radlab-kernel-worker.js, the notebook's files
// under /files/ (and, when it lists folders, their listings as /contents/<folder>/all.json),
// plotly.js and the itk-wasm pipelines (itk/) under /assets/. In the page: `startKernel()` resolves when the
// worker is ready; `runCell(id, code)` resolves with every message of that cell, up to "done";
// `kernelMessages` keeps everything the worker sent.

import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

/**
 * The page's HTML; `cwd` is the worker's working folder (a path under /files/); `listings`: the
 * server lists folders; `startKernel({ cacheFiles: true })` starts it as an executable site does,
 * `startKernel({ driveDatabase })` with a lab's drive (JupyterLite's IndexedDB database of that name).
 */
export function kernelPageHtml({ title, cwd, listings = false }) {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><script type="module">
  window.startKernel = ({ cacheFiles = false, driveDatabase } = {}) => new Promise((ready, fail) => {
    const worker = new Worker("/kernel/radlab-kernel-worker.js", { type: "module" });
    worker.onerror = (e) => fail(new Error("worker failed: " + e.message));
    window.kernelMessages = [];
    worker.onmessage = (e) => { window.kernelMessages.push(e.data); if (e.data.type === "ready") ready(true); };
    worker.postMessage({ type: "init", filesUrl: location.origin + "/files/", ${listings ? 'contentsUrl: location.origin + "/contents/", ' : ""}assetsUrl: location.origin + "/assets/", cwd: ${JSON.stringify(cwd)}, cacheFiles, driveDatabase });
    window.kernel = worker;
  });
  window.runCell = (id, code) => new Promise((done) => {
    const messages = [];
    const listen = (e) => { if (e.data.id !== id) return; messages.push(e.data); if (e.data.type === "done") { window.kernel.removeEventListener("message", listen); done(messages); } };
    window.kernel.addEventListener("message", listen);
    window.kernel.postMessage({ type: "execute", id, code });
  });
</script>`;
}

/**
 * A static server on 127.0.0.1 (`port`, 0 = any free one) for that page: `/` the page
 * (kernelPageHtml's options), `/kernel/radlab-kernel-worker.js` the worker, and for each mount
 * (URL prefix → a file, or a folder when the prefix ends in "/") the files under it; nothing else.
 * Resolves with the listening server.
 */
export async function serveKernelPage({ title, cwd, workerFile, mounts = {}, port = 0 }) {
  const page = kernelPageHtml({ title, cwd });
  const types = { ".js": "text/javascript", ".html": "text/html", ".json": "application/json" };
  const routes = { ...mounts, "/kernel/radlab-kernel-worker.js": workerFile };
  const server = createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (url === "/") return response.writeHead(200, { "content-type": "text/html" }).end(page);
    let file;
    for (const [prefix, target] of Object.entries(routes)) {
      if (prefix.endsWith("/") && url.startsWith(prefix)) {
        const inside = join(target, normalize(url.slice(prefix.length)));
        if (inside.startsWith(target + sep)) file = inside;
      } else if (url === prefix) file = target;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise((listening) => server.listen(port, "127.0.0.1", listening));
  return server;
}

let cells = 0;

/**
 * Runs `code` as a cell in the kernel of a page opened on that server (playwright's Page) and
 * resolves with the JSON its last printed line holds; a cell that fails throws its error and traceback.
 */
export async function printedJson(page, code) {
  const out = await page.evaluate(`window.runCell(${++cells}, ${JSON.stringify(code)})`);
  const error = out.find((m) => m.type === "error");
  if (error) throw new Error(`the cell failed in the browser: ${error.ename}: ${error.evalue}\n${error.traceback.join("\n")}`);
  return JSON.parse(out.filter((m) => m.type === "stream").at(-1).text);
}
