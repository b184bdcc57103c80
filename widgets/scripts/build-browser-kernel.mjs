// Builds the in-browser TypeScript kernel's worker (issue 14): widgets/src/kernel/entry.ts (worker.ts) with
// kernel-lib's built JavaScript (the same source as the Node library) bundled for the browser.
// kernel-lib's few uses of Node built-ins resolve to the browser implementations in
// widgets/src/kernel/node/ (files from the site and memory, gzip, hashes, paths); a built-in
// with none (child_process, net, …) and the packages that need Node (playwright, tslab) resolve
// to a module that says so when used, not at load. itk-wasm runs through its browser build:
// kernel-lib's Node entry of it (io/itk-node.js) is replaced by its browser entry
// (io/itk-browser.js), itk-wasm's loader of pipelines by the kernel's (src/kernel/itk-pipelines.ts),
// and the few pipelines radlab reads with are copied beside the worker, so the site serves them.
//
// Output: widgets/dist/kernel/radlab-kernel-worker.js (ES module worker) and
// widgets/dist/kernel/itk/ (the pipelines), their sizes printed.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
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
  util: "util.ts",
};
/** Built-in names that are also the npm packages porting them, which the bundle uses as they are. */
const NPM_PORTS = new Set(["buffer"]);
/** Packages whose browser build is a file of their own, not named in their package.json. */
const BROWSER_BUILDS = { pngjs: "pngjs/browser.js" };
/** Packages that cannot run in the kernel's worker (yet): loaded on use only, and they say so. */
const UNAVAILABLE_PACKAGES = [/^playwright-core/, /^tslab/];
const UNAVAILABLE = "radlab-unavailable";

/**
 * The names kernel-lib imports from each module (`import { a, b as c } from "node:x"`), read from
 * its built JavaScript, so that every one of them exists in the module that stands in for it.
 */
function importedNames() {
  const names = new Map();
  const dist = join(widgets, "../kernel-lib/dist");
  for (const file of readdirSync(dist, { recursive: true })) {
    if (!String(file).endsWith(".js")) continue;
    const text = readFileSync(join(dist, String(file)), "utf8");
    for (const [, list, specifier] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
      const key = specifier.replace(/^node:/, "");
      const set = names.get(key) ?? new Set();
      for (const item of list.split(",")) {
        const name = item.trim().split(/\s+as\s+/)[0];
        if (name) set.add(name);
      }
      names.set(key, set);
    }
  }
  return names;
}

/**
 * A CommonJS module standing in for `name`: the browser implementation's exports (`shimFile`,
 * if any) and, for every other name kernel-lib imports from it, a function that throws the
 * reason when called. So a new use of Node anywhere in kernel-lib links and loads, and says
 * what is missing only when the browser actually reaches it.
 */
function standIn(name, shimFile, imported) {
  const reason = `is not available when radlab runs in the browser; use the lab in server mode (npm start with Jupyter Server installed) for this`;
  return `const real = ${shimFile ? `require(${JSON.stringify(shimFile)})` : "{}"};
const out = Object.assign({}, real);
for (const key of ${JSON.stringify([...(imported ?? [])])}) {
  if (!(key in out)) out[key] = () => { throw new Error(${JSON.stringify(name)} + "." + key + " " + ${JSON.stringify(reason)}); };
}
if (!("default" in out)) out.default = out;
module.exports = out;`;
}

const SHIMMED = "radlab-node";

/**
 * The itk-wasm pipelines the kernel ships, by package: what kernel-lib's io/itk-browser.ts calls
 * (reading MetaImage; a DICOM file or a DICOM-SEG's compressed frames, GDCM; a DICOM series;
 * writing NRRD, NIfTI and MetaImage). Not the other ~40 (45 MB): nothing else in radlab reads
 * or writes through ITK in the browser.
 */
const ITK_PIPELINES = {
  "@itk-wasm/image-io": ["meta-read-image", "gdcm-read-image", "nrrd-write-image", "nifti-write-image", "meta-write-image"],
  "@itk-wasm/dicom": ["read-image-dicom-file-series"],
};
/** Where the pipelines go: `itk/` beside the worker, which the site serves as `<assets>/itk/`. */
const ITK_OUT = join(dirname(out), "itk");

/** Copies the shipped pipelines (.js and .wasm.zst each) into ITK_OUT; returns their bytes. */
function copyItkPipelines() {
  const require = createRequire(join(widgets, "../kernel-lib/package.json"));
  rmSync(ITK_OUT, { recursive: true, force: true });
  mkdirSync(ITK_OUT, { recursive: true });
  let bytes = 0;
  for (const [pkg, names] of Object.entries(ITK_PIPELINES)) {
    // (the package exports no package.json: its entry is in dist/, beside pipelines/)
    const folder = join(dirname(require.resolve(pkg)), "pipelines");
    for (const file of names.flatMap((name) => [`${name}.js`, `${name}.wasm.zst`])) {
      copyFileSync(join(folder, file), join(ITK_OUT, file));
      bytes += statSync(join(ITK_OUT, file)).size;
    }
  }
  return bytes;
}

/** Modules replaced in the browser build: importer's file (ending) and specifier → the replacement. */
const REPLACED = [
  // kernel-lib's itk-wasm access: the Node entry → the browser entry (kernel-lib/src/io/itk.ts)
  { importer: /kernel-lib[\\/]dist[\\/]io[\\/]itk\.js$/, path: "./itk-node.js", by: join(widgets, "../kernel-lib/dist/io/itk-browser.js") },
  // itk-wasm's loader of a pipeline in the current thread → the kernel's (site only, cached)
  {
    importer: /itk-wasm[\\/]dist[\\/]pipeline[\\/]run-pipeline\.js$/,
    path: "./internal/load-emscripten-module-main-thread.js",
    by: join(widgets, "src/kernel/itk-pipelines.ts"),
  },
];

/** esbuild plugin: Node built-ins and Node-only packages as above, and kernel-lib's version. */
const nodeInBrowser = {
  name: "radlab-node-in-browser",
  setup(build) {
    const imported = importedNames();
    build.onResolve({ filter: /.*/ }, async ({ path, importer, resolveDir, kind }) => {
      const replaced = REPLACED.find((r) => r.path === path && r.importer.test(importer));
      if (replaced) return { path: replaced.by };
      const builtin = path.replace(/^node:/, "");
      if (Object.hasOwn(BUILTINS, builtin) && !importer.startsWith(shims) && !importer.includes("path-browserify"))
        return { path: builtin, namespace: SHIMMED };
      const unavailable = path.startsWith("node:") || (builtinModules.includes(path) && !NPM_PORTS.has(path)) || UNAVAILABLE_PACKAGES.some((p) => p.test(path));
      if (unavailable) return { path, namespace: UNAVAILABLE };
      if (Object.hasOwn(BROWSER_BUILDS, path)) return build.resolve(BROWSER_BUILDS[path], { resolveDir, kind });
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: SHIMMED }, ({ path }) => ({
      contents: standIn(`node:${path}`, join(shims, BUILTINS[path]), imported.get(path)),
      loader: "js",
      resolveDir: shims,
    }));
    build.onLoad({ filter: /.*/, namespace: UNAVAILABLE }, ({ path }) => ({
      contents: standIn(path, null, imported.get(path.replace(/^node:/, ""))),
      loader: "js",
    }));
    // the cohort runner's worker script: here the pool entry the worker_threads stand-in starts
    // as a nested Web Worker (src/kernel/pool-worker.ts), not a file beside the module; none
    // where the browser cannot nest workers (the cases then run in the kernel's thread)
    build.onLoad({ filter: /kernel-lib[\\/]dist[\\/]features[\\/]cohort-worker-url\.js$/ }, () => ({
      contents: `export function cohortWorkerUrl() { return typeof Worker === "function" ? new URL("radlab-pool:cohort-worker") : undefined; }`,
      loader: "js",
    }));
    // kernel-lib reads its version from its package.json at load; the bundle carries it instead
    build.onLoad({ filter: /kernel-lib[\\/]dist[\\/]version\.js$/ }, () => ({
      contents: `export const RADLAB_VERSION = ${JSON.stringify(version)};`,
      loader: "js",
    }));
  },
};

/**
 * Builds the worker; also writes dist/kernel/build-inputs.json, the checkout's files (outside
 * node_modules) that went into it, which `radlab lab` hashes with webpack's record to decide
 * whether the lab must be rebuilt.
 */
export async function buildBrowserKernel() {
  const result = await build({
    entryPoints: [join(widgets, "src/kernel/entry.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    plugins: [nodeInBrowser],
    define: { RADLAB_ITK_PIPELINES: JSON.stringify(Object.values(ITK_PIPELINES).flat()) },
    logLevel: "warning",
    outfile: out,
    metafile: true,
  });
  // a replacement that no longer matches (itk-wasm or kernel-lib moved a file) must not go unnoticed
  for (const { by } of REPLACED)
    if (!Object.keys(result.metafile.inputs).some((input) => join(process.cwd(), input) === by))
      throw new Error(`the browser kernel's build did not use ${by}`);
  const itkBytes = copyItkPipelines();
  const repo = join(widgets, "..");
  const files = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(":") && !input.includes("node_modules/"))
    .map((input) => relative(repo, join(process.cwd(), input)))
    .sort();
  writeFileSync(join(dirname(out), "build-inputs.json"), `${JSON.stringify({ files }, null, 1)}\n`);
  return { file: out, bytes: statSync(out).size, itk: ITK_OUT, itkBytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, bytes, itk, itkBytes } = await buildBrowserKernel();
  console.log(`browser kernel: ${file} (${(bytes / 1e6).toFixed(2)} MB), itk-wasm pipelines: ${itk} (${(itkBytes / 1e6).toFixed(2)} MB)`);
}
