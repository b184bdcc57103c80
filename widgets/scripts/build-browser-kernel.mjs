// Builds the in-browser TypeScript kernel's worker (issue 14): widgets/src/kernel/worker.ts with
// kernel-lib's built JavaScript (the same source as the Node library) bundled for the browser.
// kernel-lib's few uses of Node built-ins resolve to the browser implementations in
// widgets/src/kernel/node/ (files from the site and memory, gzip, hashes, paths); a built-in
// with none (child_process, net, …) and the packages that need Node or fetch code at run time
// (itk-wasm's pipelines, playwright) resolve to a module that says so when used, not at load.
//
// Output: widgets/dist/kernel/radlab-kernel-worker.js (ES module worker), its size printed.
import { readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const widgets = join(dirname(fileURLToPath(import.meta.url)), "..");
const shims = join(widgets, "src/kernel/node");
const out = join(widgets, "dist/kernel/radlab-kernel-worker.js");
const version = JSON.parse(readFileSync(join(widgets, "../kernel-lib/package.json"), "utf8")).version;

/** Node built-in → its browser implementation. */
const BUILTINS = {
  fs: "fs.ts",
  "fs/promises": "fs-promises.ts",
  path: "path.ts",
  zlib: "zlib.ts",
  crypto: "crypto.ts",
  os: "os.ts",
  url: "url.ts",
  worker_threads: "worker-threads.ts",
  module: "module.ts",
};
/** Built-in names that are also the npm packages porting them, which the bundle uses as they are. */
const NPM_PORTS = new Set(["buffer"]);
/** Packages whose browser build is a file of their own, not named in their package.json. */
const BROWSER_BUILDS = { pngjs: "pngjs/browser.js" };
/** Packages that cannot run in the kernel's worker (yet): loaded on use only, and they say so. */
const UNAVAILABLE_PACKAGES = [/^@itk-wasm\//, /^itk-wasm/, /^playwright-core/, /^tslab/];
const UNAVAILABLE = "radlab-unavailable";

/** The CommonJS module that stands for something unavailable: any named import of it links; using it throws. */
const unavailableModule = (name) =>
  `module.exports = new Proxy({}, { get(_t, key) { if (key === "__esModule") return false; return () => { throw new Error(${JSON.stringify(
    `${name} is not available when radlab runs in the browser; use the lab in server mode (npm start with Jupyter Server installed) for this`,
  )}); }; } });`;

/**
 * A built-in's browser implementation behind a proxy: the names it implements are its own, any
 * other name kernel-lib imports (a call added later, say) still links and says what is missing
 * when used, so a new use of Node somewhere cannot break this build.
 */
const shimModule = (builtin) =>
  `const real = require(${JSON.stringify(join(shims, BUILTINS[builtin]))});
module.exports = new Proxy(real, { get(target, key) {
  if (key in target || typeof key === "symbol") return target[key];
  return () => { throw new Error(${JSON.stringify(`node:${builtin}`)} + "." + String(key) + " is not available when radlab runs in the browser"); };
} });`;
const SHIMMED = "radlab-node";

/** esbuild plugin: Node built-ins and Node-only packages as above, and kernel-lib's version. */
const nodeInBrowser = {
  name: "radlab-node-in-browser",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async ({ path, importer, resolveDir, kind }) => {
      const builtin = path.replace(/^node:/, "");
      if (Object.hasOwn(BUILTINS, builtin) && !importer.includes("path-browserify") && !importer.startsWith(shims))
        return { path: builtin, namespace: SHIMMED };
      if (path.startsWith("node:") || (builtinModules.includes(path) && !NPM_PORTS.has(path)) || UNAVAILABLE_PACKAGES.some((p) => p.test(path)))
        return { path, namespace: UNAVAILABLE };
      if (Object.hasOwn(BROWSER_BUILDS, path)) return build.resolve(BROWSER_BUILDS[path], { resolveDir, kind });
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: SHIMMED }, ({ path }) => ({ contents: shimModule(path), loader: "js", resolveDir: shims }));
    build.onLoad({ filter: /.*/, namespace: UNAVAILABLE }, ({ path }) => ({ contents: unavailableModule(path), loader: "js" }));
    // kernel-lib reads its version from its package.json at load; the bundle carries it instead
    build.onLoad({ filter: /kernel-lib[\\/]dist[\\/]version\.js$/ }, () => ({
      contents: `export const RADLAB_VERSION = ${JSON.stringify(version)};`,
      loader: "js",
    }));
  },
};

export async function buildBrowserKernel() {
  await build({
    entryPoints: [join(widgets, "src/kernel/worker.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    plugins: [nodeInBrowser],
    logLevel: "warning",
    outfile: out,
  });
  return { file: out, bytes: statSync(out).size };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, bytes } = await buildBrowserKernel();
  console.log(`browser kernel: ${file} (${(bytes / 1e6).toFixed(2)} MB)`);
}
