/**
 * The lab's browser mode as a web site (issue 14): JupyterLab with JupyterLite's services and
 * radlab's TypeScript kernel in a Web Worker, needing nothing but static files. Two ways to
 * give it: `serveBrowserLab` (what `radlab lab --browser` runs: a small static server of
 * radlab's own on 127.0.0.1, the notebooks and data read live from a folder) and
 * `writeBrowserSite` (what `radlab publish --executable` writes: the same tree as files, for
 * any static host).
 *
 * The site's tree (relative to its root; the page computes absolute URLs from where it is, so
 * the site works under any path, e.g. a journal's folder or GitHub Pages):
 *   lab/index.html                    the page, with JupyterLab's page config
 *   static/                           the app (widgets/dist/lab/static: browser.js and its chunks)
 *   static/radlab/                    the kernel's worker bundle and plotly.min.js
 *   static/radlab/itk/                the itk-wasm pipelines the kernel reads DICOM and MHA with
 *   themes/                           the theme CSS
 *   api/settings/all.json             every extension's setting schema (JupyterLite reads these)
 *   api/settings/all_federated.json   [] (no federated extensions)
 *   api/translations/default          an empty English catalogue
 *   api/contents/<dir>/all.json       the listing of each folder of files/
 *   files/<folder>/<path>             the notebooks and their data: each of the site's named folders
 *                                     (e.g. notebooks/ and data/, as in a radlab checkout)
 */

import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize, relative, sep } from "node:path";
import { RadlabInputError } from "../errors.js";
import { RADLAB_VERSION } from "../version.js";
import { projectRoot } from "./jupyter.js";

const REPO_ROOT = projectRoot();

/** The lab's build (`radlab lab`'s ensureLabBuilt): both modes' entries, setting schemas, themes. */
const LAB_BUILD = join(REPO_ROOT, "widgets", "dist", "lab");
/** The browser mode's entry in the build (the server mode's is bundle.js). */
const BROWSER_ENTRY = "browser.js";
/** The kernel's worker bundle (widgets/scripts/build-browser-kernel.mjs). */
export const KERNEL_WORKER = join(REPO_ROOT, "widgets", "dist", "kernel", "radlab-kernel-worker.js");
/** The itk-wasm pipelines the kernel's worker loads from the site (.js and .wasm.zst each), written by the same build. */
const KERNEL_ITK_PIPELINES = join(REPO_ROOT, "widgets", "dist", "kernel", "itk");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ipynb": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Where a site keeps plotly.js, as the lab's build emits it (widgets/webpack.config.cjs): the lab
 * fetches it as it starts and evaluates it on the first figure (widgets/src/app/page-plotly.ts),
 * the kernel's worker reads it, an executable site's pages share it.
 */
export const BROWSER_LAB_PLOTLY = "static/radlab/plotly.min.js";

/** Where a site keeps the kernel's worker bundle (widgets/src/kernel/plugin.ts RADLAB_ASSETS). */
const RADLAB_KERNEL_WORKER = "static/radlab/radlab-kernel-worker.js";

/** The lab's one locale, as JupyterLab's translation API lists them. */
const LOCALES = '{"data": {"en": {"displayName": "English", "nativeName": "English"}}, "message": ""}';

/** What the site shows: folders of notebooks and data, opened on one notebook. */
export interface BrowserSiteOptions {
  /**
   * The folders at the top of the lab's file browser, by name, and where each is on disk: e.g.
   * `{ notebooks: "<checkout>/notebooks", data: process.env.RADLAB_DATA ?? "<checkout>/data" }`,
   * so a notebook's `../data/…` finds its data as in the checkout. Nothing else is served.
   */
  folders: Record<string, string>;
  /** The notebook to open first, as a site path (`notebooks/05-….ipynb`). */
  open?: string;
  /** The page title. */
  title?: string;
  /**
   * Added to the browser kernel's `process.env`, as tslab's kernel inherits the lab's
   * environment (e.g. RADLAB_DEMO_CASES); never host paths, which mean nothing in the page.
   */
  kernelEnv?: Record<string, string>;
  /**
   * Whether the kernel reads every file of the site into memory when it starts (so a reader can
   * go offline once the page has loaded); default: false when served, true when written.
   */
  cacheFiles?: boolean;
}

/**
 * The settings of the environment that notebooks read and that the browser kernel is given, as
 * tslab's kernel inherits them: RADLAB_DEMO_CASES. Never RADLAB_DATA, a path of this machine:
 * in the page the data are the site's data/ folder, where the notebooks look by default.
 */
export function notebookSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.RADLAB_DEMO_CASES ? { RADLAB_DEMO_CASES: env.RADLAB_DEMO_CASES } : {};
}

/** JupyterLab's page config for the browser mode; URLs are made absolute in the page (see pageHtml). */
function pageConfig(options: BrowserSiteOptions): Record<string, unknown> {
  return {
    appName: options.title ?? "radlab",
    appVersion: RADLAB_VERSION,
    appUrl: "./lab",
    baseUrl: "./",
    fullStaticUrl: "./static",
    settingsUrl: "./api/settings",
    // these two JupyterLab joins to baseUrl itself, so they are relative to it (not made absolute below)
    translationsApiUrl: "api/translations",
    themesUrl: "themes",
    treeUrl: "./lab/tree",
    contentsAllJsonFile: "all.json",
    defaultKernelName: "radlab-ts",
    exposeAppInBrowser: true,
    radlabMode: "browser",
    radlabOpen: options.open ?? "",
    radlabKernelEnv: JSON.stringify(options.kernelEnv ?? {}),
    radlabCacheFiles: String(options.cacheFiles ?? false),
    disabledExtensions: [],
  };
}

/** The page: page config whose relative URLs become absolute from where the page is served. */
function pageHtml(options: BrowserSiteOptions): string {
  const config = JSON.stringify(pageConfig(options)).replace(/</g, "\\u003c");
  const title = (options.title ?? "radlab").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body class="jp-ThemedContainer">
  <script id="jupyter-config-data" type="application/json">${config}</script>
  <script>
    /* The site's root is the folder above lab/: make every URL of the config absolute from it. */
    (function () {
      var element = document.getElementById("jupyter-config-data");
      var config = JSON.parse(element.textContent);
      var path = window.location.pathname;
      var root = path.slice(0, path.lastIndexOf("/lab/") + 1) || "/";
      for (var key in config) {
        if (typeof config[key] === "string" && config[key].indexOf("./") === 0) config[key] = root + config[key].slice(2);
      }
      element.textContent = JSON.stringify(config);
      var script = document.createElement("script");
      script.src = config.fullStaticUrl + "/${BROWSER_ENTRY}";
      document.body.appendChild(script);
    })();
  </script>
</body>
</html>
`;
}

/** api/settings/all.json: one entry per setting schema of every extension in the build. */
function allSettings(): string {
  const schemas = join(LAB_BUILD, "schemas");
  const entries: unknown[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json") && name !== "package.json") {
        const packageName = relative(schemas, folder).split(sep).join("/");
        const version = JSON.parse(readFileSync(join(folder, "package.json.orig"), "utf8")).version as string;
        entries.push({ id: `${packageName}:${name.slice(0, -5)}`, schema: JSON.parse(readFileSync(path, "utf8")), raw: "{}", settings: {}, version });
      }
    }
  };
  walk(schemas);
  return JSON.stringify(entries);
}

/** Whether a file or folder is shown (hidden files and build folders are not). */
function shown(name: string): boolean {
  return !name.startsWith(".") && name !== "node_modules" && name !== "dist" && name !== "artifacts";
}

/**
 * Where a site path (`data/demo-cohort/manifest.csv`; "" is the top) is on disk, or undefined
 * when it is not the site's: outside its folders, hidden, or climbing out with "..".
 */
function onDisk(folders: Record<string, string>, sitePath: string): string | undefined {
  const parts = sitePath.split("/").filter(Boolean);
  if (parts.length === 0 || !Object.hasOwn(folders, parts[0])) return undefined;
  if (parts.some((part) => part === ".." || !shown(part) || part.includes("\\"))) return undefined;
  return join(folders[parts[0]], ...parts.slice(1));
}

/** The entries of a site folder: its files and folders, or at the top the site's named folders. */
function entries(folders: Record<string, string>, dir: string): { name: string; path: string; file: string }[] {
  const names = dir === "" ? Object.keys(folders) : readdirSync(onDisk(folders, dir) as string).filter(shown);
  return names
    .sort()
    .map((name) => ({ name, path: dir ? `${dir}/${name}` : name, file: onDisk(folders, dir ? `${dir}/${name}` : name) as string }))
    .filter((e) => existsSync(e.file));
}

/** JupyterLite's listing of one site folder (api/contents/<dir>/all.json). */
function listing(folders: Record<string, string>, dir: string): string {
  const content = entries(folders, dir).map(({ name, path, file }) => {
    const stats = statSync(file);
    const type = stats.isDirectory() ? "directory" : name.endsWith(".ipynb") ? "notebook" : "file";
    const time = stats.mtime.toISOString();
    return {
      name,
      path,
      type,
      format: null,
      mimetype: type === "file" ? (TYPES[extname(name)] ?? "application/octet-stream").split(";")[0] : null,
      content: null,
      size: stats.isDirectory() ? null : stats.size,
      writable: true,
      created: time,
      last_modified: time,
    };
  });
  return JSON.stringify({
    name: dir.split("/").pop() ?? "",
    path: dir,
    type: "directory",
    format: "json",
    mimetype: null,
    content,
    size: null,
    writable: true,
    created: new Date(0).toISOString(),
    last_modified: new Date(0).toISOString(),
  });
}

/** Refuses to go on without the built app and kernel, saying how to build them. */
export function assertBrowserLabBuilt(): void {
  for (const [path, how] of [
    [join(LAB_BUILD, "static", BROWSER_ENTRY), "npm run build:lab -w @radlab/widgets"],
    [join(LAB_BUILD, BROWSER_LAB_PLOTLY), "npm run build:lab -w @radlab/widgets"],
    [KERNEL_WORKER, "npm run build:lab -w @radlab/widgets"],
    [KERNEL_ITK_PIPELINES, "npm run build:lab -w @radlab/widgets"],
  ]) {
    if (!existsSync(path)) throw new RadlabInputError(`the browser lab is not built: ${relative(process.cwd(), path)} is missing (${how})`);
  }
}

/** The file a site URL path stands for, or a generated body; undefined when there is none. */
function resolveSitePath(urlPath: string, options: BrowserSiteOptions): { file?: string; body?: string; type: string } | undefined {
  const path = decodeURIComponent(urlPath);
  if (path.includes("\0")) return undefined;
  const json = TYPES[".json"];
  if (path === "/" || path === "/lab" || path === "/lab/" || path.startsWith("/lab/tree") || path === "/lab/index.html")
    return { body: pageHtml(options), type: TYPES[".html"] };
  if (path === "/api/settings/all.json") return { body: allSettings(), type: json };
  if (path === "/api/settings/all_federated.json") return { body: "[]", type: json };
  if (path === "/api/translations/default" || path === "/api/translations/default.json") return { body: '{"data": {}, "message": ""}', type: json };
  if (path === "/api/translations" || path === "/api/translations/") return { body: LOCALES, type: json };
  if (path === `/${RADLAB_KERNEL_WORKER}`) return { file: KERNEL_WORKER, type: TYPES[".js"] };
  const under = (prefix: string, root: string) => {
    const rest = normalize(path.slice(prefix.length)).replace(/^([/\\])+/, "");
    if (rest.split(/[/\\]/).includes("..")) return undefined;
    return join(root, rest);
  };
  if (path === "/api/contents/all.json") return { body: listing(options.folders, ""), type: json };
  if (path.startsWith("/api/contents/") && path.endsWith("/all.json")) {
    const dir = path.slice("/api/contents/".length, -"/all.json".length).replace(/^\/+|\/+$/g, "");
    const folder = onDisk(options.folders, dir);
    if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
    return { body: listing(options.folders, dir), type: json };
  }
  if (path.startsWith("/files/")) {
    const file = onDisk(options.folders, path.slice("/files/".length));
    return file ? { file, type: TYPES[extname(file)] ?? "application/octet-stream" } : undefined;
  }
  if (path.startsWith("/static/radlab/itk/")) {
    const file = under("/static/radlab/itk/", KERNEL_ITK_PIPELINES);
    return file ? { file, type: TYPES[extname(file)] ?? "application/octet-stream" } : undefined;
  }
  if (path.startsWith("/static/")) {
    const file = under("/static/", join(LAB_BUILD, "static"));
    return file ? { file, type: TYPES[extname(file)] ?? "application/octet-stream" } : undefined;
  }
  if (path.startsWith("/themes/")) {
    const file = under("/themes/", join(LAB_BUILD, "themes"));
    return file ? { file, type: TYPES[extname(file)] ?? "application/octet-stream" } : undefined;
  }
  return undefined;
}

/** A running browser lab: its URL and how to stop it. */
export interface BrowserLabServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the browser lab on 127.0.0.1 (port 0: any free port). Static files only: nothing is
 * executed here, nothing is written. A request must name this server as its Host
 * (127.0.0.1 or localhost with its port), so a web page whose domain is made to resolve to
 * 127.0.0.1 (DNS rebinding) cannot read the data through it.
 */
export async function serveBrowserLab(options: BrowserSiteOptions, port = 0): Promise<BrowserLabServer> {
  assertBrowserLabBuilt();
  let hosts: string[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (!hosts.includes(request.headers.host ?? "")) return void response.writeHead(421).end();
    if (request.method !== "GET" && request.method !== "HEAD") return void response.writeHead(405).end();
    const found = resolveSitePath(new URL(request.url ?? "/", "http://127.0.0.1").pathname, options);
    if (!found || (found.file && (!existsSync(found.file) || !statSync(found.file).isFile()))) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": found.type, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    if (request.method === "HEAD") return void response.end();
    if (found.body !== undefined) response.end(found.body);
    else createReadStream(found.file as string).pipe(response);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  hosts = [`127.0.0.1:${bound}`, `localhost:${bound}`];
  const open = options.open ? `lab/tree/${options.open.split("/").map(encodeURIComponent).join("/")}` : "lab/";
  return {
    url: `http://127.0.0.1:${bound}/${open}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // a browser keeps its connections open; the lab is stopping, so they go too
        server.closeAllConnections();
      }),
  };
}

/** Writes the browser lab as static files into `out` (for any static host); returns its size in bytes. */
export function writeBrowserSite(out: string, options: BrowserSiteOptions): number {
  assertBrowserLabBuilt();
  let bytes = 0;
  const write = (path: string, body: string | Buffer) => {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), body);
    bytes += Buffer.byteLength(body);
  };
  const copy = (from: string, to: string) => {
    mkdirSync(dirname(join(out, to)), { recursive: true });
    copyFileSync(from, join(out, to));
    bytes += statSync(from).size;
  };
  const copyTree = (from: string, to: string, skip: string[] = []) => {
    for (const name of readdirSync(from).filter((n) => !skip.includes(n))) {
      const path = join(from, name);
      if (statSync(path).isDirectory()) copyTree(path, join(to, name));
      else copy(path, join(to, name));
    }
  };
  const page = pageHtml({ ...options, cacheFiles: options.cacheFiles ?? true });
  write("lab/index.html", page);
  write(
    "index.html",
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=lab/${options.open ? `tree/${options.open}` : ""}"><title>${options.title ?? "radlab"}</title>`,
  );
  // the server mode's entry is not the site's
  copyTree(join(LAB_BUILD, "static"), "static", ["bundle.js"]);
  copyTree(join(LAB_BUILD, "themes"), "themes");
  copy(KERNEL_WORKER, RADLAB_KERNEL_WORKER);
  copyTree(KERNEL_ITK_PIPELINES, "static/radlab/itk");
  write("api/settings/all.json", allSettings());
  write("api/settings/all_federated.json", "[]");
  write("api/translations/default", '{"data": {}, "message": ""}');
  write("api/translations/index.html", LOCALES);
  const walk = (dir: string) => {
    write(join("api/contents", dir, "all.json"), listing(options.folders, dir));
    for (const entry of entries(options.folders, dir)) {
      if (statSync(entry.file).isDirectory()) walk(entry.path);
      else copy(entry.file, join("files", entry.path));
    }
  };
  walk("");
  return bytes;
}
