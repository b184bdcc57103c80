// A bare page that drives the in-browser kernel's worker without the lab, for the e2e test
// (test/e2e/browser-kernel.test.ts) and the benchmark (bench/browser-kernel.mjs): the server
// that serves it gives the worker at /kernel/radlab-kernel-worker.js, the notebook's files
// under /files/ (and, when it lists folders, their listings as /contents/<folder>/all.json),
// plotly.js and the itk-wasm pipelines (itk/) under /assets/. In the page: `startKernel()` resolves when the
// worker is ready; `runCell(id, code)` resolves with every message of that cell, up to "done";
// `kernelMessages` keeps everything the worker sent.

/**
 * The page's HTML; `cwd` is the worker's working folder (a path under /files/); `listings`: the
 * server lists folders; `startKernel({ cacheFiles: true })` starts it as an executable site does.
 */
export function kernelPageHtml({ title, cwd, listings = false }) {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><script type="module">
  window.startKernel = ({ cacheFiles = false } = {}) => new Promise((ready, fail) => {
    const worker = new Worker("/kernel/radlab-kernel-worker.js", { type: "module" });
    worker.onerror = (e) => fail(new Error("worker failed: " + e.message));
    window.kernelMessages = [];
    worker.onmessage = (e) => { window.kernelMessages.push(e.data); if (e.data.type === "ready") ready(true); };
    worker.postMessage({ type: "init", filesUrl: location.origin + "/files/", ${listings ? 'contentsUrl: location.origin + "/contents/", ' : ""}assetsUrl: location.origin + "/assets/", cwd: ${JSON.stringify(cwd)}, cacheFiles });
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
