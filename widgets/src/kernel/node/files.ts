/**
 * The in-browser kernel's file system: what `node:fs` and `node:fs/promises` mean to kernel-lib
 * and to notebook cells when radlab runs in a Web Worker (issue 14). Files written during the
 * session live in memory; a file that is not there is read from the site that serves the lab
 * (`<filesUrl>/<path>`, with a synchronous request for the synchronous calls, which a worker is
 * allowed to make), so notebooks find their data by the same relative paths as under tslab.
 *
 * Hand-written rather than memfs: kernel-lib uses eight calls of the fs API, and memfs brings
 * Node's stream, events and util polyfills into the worker bundle for the other hundred.
 */

/** Where the site's files are and how to list a folder (JupyterLite's `api/contents/<dir>/all.json`). */
export interface SiteFiles {
  /** URL prefix of the files, ending in "/" (e.g. `https://host/lab/files/`). */
  filesUrl: string;
  /** URL prefix of the contents listings, ending in "/" (e.g. `https://host/lab/api/contents/`). */
  contentsUrl?: string;
}

/** A Node-style error with its code (ENOENT, EISDIR, …), as kernel-lib's messages expect. */
export class FsError extends Error {
  constructor(
    readonly code: string,
    syscall: string,
    readonly path: string,
  ) {
    super(
      `${code}: ${code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "illegal operation on a directory" : "not a directory"}, ${syscall} '${path}'`,
    );
  }
}

const files = new Map<string, Uint8Array>();
/** The folders that exist; TMP (os.tmpdir()) always, as on any machine, for the scratch files cells write. */
export const TMP = "/tmp";
const folders = new Set<string>(["/", TMP]);
/** Site folder → the names in it, for the folders whose listing has been read. */
const listings = new Map<string, string[]>();
/** Whether every file of the site is in memory (cacheSiteFiles), so nothing more is requested. */
let siteCached = false;
let site: SiteFiles | undefined;
let workingFolder = "/";
let assets = "";

/**
 * Points the file system at the site's files, sets the working folder (the notebook's) and
 * where the lab's own assets are (`assetsUrl`: plotly.min.js, which kernel-lib inlines once into
 * a notebook's first figure, as under tslab).
 */
export function configureFiles(options: { site?: SiteFiles; cwd?: string; assetsUrl?: string }): void {
  site = options.site;
  assets = options.assetsUrl ?? "";
  if (options.cwd) workingFolder = normalise(options.cwd, "/");
  folders.add(workingFolder);
}

/** The configuration given to configureFiles and configureDrive (the working folder as it is now): what a pool worker is started with. */
export function filesConfiguration(): { site?: SiteFiles; cwd: string; assetsUrl: string; drive?: string } {
  return { site, cwd: workingFolder, assetsUrl: assets, drive };
}

/** The URL of one of the lab's assets (see configureFiles). */
export function assetUrl(name: string): string {
  return assets + name;
}

/** The working folder (process.cwd()). */
export function currentFolder(): string {
  return workingFolder;
}

/** An absolute, normalised POSIX path for `path` (a string, or a file: URL) from `from`. */
export function normalise(path: string | URL, from = workingFolder): string {
  const text = typeof path === "string" ? path : decodeURIComponent(path.pathname);
  const parts = (text.startsWith("/") ? text : `${from}/${text}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** Bytes of a site file by a synchronous request, or undefined when the site has none. */
function fetchFromSite(path: string): Uint8Array | undefined {
  if (!site || siteCached) return undefined;
  return fetchUrl(site.filesUrl + path.slice(1).split("/").map(encodeURIComponent).join("/"));
}

/** Bytes at a URL by a synchronous request (allowed in a worker), or undefined. */
function fetchUrl(url: string): Uint8Array | undefined {
  if (typeof XMLHttpRequest === "undefined") return undefined;
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  // a synchronous request cannot ask for an ArrayBuffer: read bytes as x-user-defined text
  request.overrideMimeType("text/plain; charset=x-user-defined");
  try {
    request.send();
  } catch {
    return undefined;
  }
  if (request.status !== 200) return undefined;
  const text = request.responseText;
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k) & 0xff;
  return bytes;
}

/** The names in a site folder from its contents listing, or undefined. */
function listSite(path: string): string[] | undefined {
  if (listings.has(path) || siteCached) return listings.get(path);
  if (!site?.contentsUrl || typeof XMLHttpRequest === "undefined") return undefined;
  const request = new XMLHttpRequest();
  const folder = path === "/" ? "" : `${path.slice(1)}/`;
  request.open("GET", `${site.contentsUrl}${folder}all.json`, false);
  try {
    request.send();
  } catch {
    return undefined;
  }
  if (request.status !== 200) return undefined;
  const names = (JSON.parse(request.responseText) as Listing).content?.map((entry) => entry.name) ?? [];
  listings.set(path, names);
  return names;
}

/** One folder's listing as JupyterLite's contents API gives it. */
interface Listing {
  content?: { name: string; path: string; type: string }[];
}

/** Asset URL → its bytes being read (readAsset), so two readers share one request. */
const assetReads = new Map<string, Promise<Uint8Array>>();

/**
 * The bytes of one of the lab's assets by URL (asynchronously): from memory when read before
 * (e.g. by a background prefetch), else requested once and kept, so it is there offline later.
 */
export function readAsset(url: string): Promise<Uint8Array> {
  const kept = files.get(url);
  if (kept) return Promise.resolve(kept);
  let reading = assetReads.get(url);
  if (!reading) {
    reading = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`reading ${url}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      files.set(url, bytes);
      return bytes;
    });
    // a failed read (offline, say) is tried again on the next call
    reading.catch(() => assetReads.delete(url));
    assetReads.set(url, reading);
  }
  return reading;
}

/** The lab's assets the kernel reads (module.ts resolves plotly.js to this one). */
export const KERNEL_ASSETS = ["plotly.min.js"] as const;

/**
 * Reads every file of the site, and the lab's assets the kernel reads, into memory
 * (asynchronously, a few requests at a time), so the kernel needs the network no more: what an
 * executable site does when its kernel starts, so a reader who goes offline after the page has
 * loaded can still run every notebook. Resolves with what was read.
 */
export async function cacheSiteFiles(parallel = 6): Promise<{ files: number; bytes: number }> {
  if (!site?.contentsUrl) return { files: 0, bytes: 0 };
  const { filesUrl, contentsUrl } = site;
  for (const name of KERNEL_ASSETS) {
    const response = await fetch(assetUrl(name));
    if (!response.ok) throw new Error(`reading ${assetUrl(name)}: HTTP ${response.status}`);
    files.set(assetUrl(name), new Uint8Array(await response.arrayBuffer()));
  }
  const paths: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const response = await fetch(`${contentsUrl}${folder === "/" ? "" : `${folder.slice(1)}/`}all.json`);
    if (!response.ok) throw new Error(`listing ${folder} of the site: HTTP ${response.status}`);
    const entries = ((await response.json()) as Listing).content ?? [];
    listings.set(
      folder,
      entries.map((e) => e.name),
    );
    addFolder(folder);
    for (const entry of entries) {
      const path = `/${entry.path}`;
      if (entry.type === "directory") await walk(path);
      else paths.push(path);
    }
  };
  await walk("/");
  let bytes = 0;
  const next = async (): Promise<void> => {
    for (let path = paths.pop(); path !== undefined; path = paths.pop()) {
      if (files.has(path)) continue;
      const response = await fetch(filesUrl + path.slice(1).split("/").map(encodeURIComponent).join("/"));
      if (!response.ok) throw new Error(`reading ${path} of the site: HTTP ${response.status}`);
      const data = new Uint8Array(await response.arrayBuffer());
      files.set(path, data);
      addFolder(parentOf(path));
      bytes += data.length;
    }
  };
  const count = paths.length;
  await Promise.all(Array.from({ length: parallel }, next));
  siteCached = true;
  return { files: count, bytes };
}

/** One entry of JupyterLite's drive in IndexedDB (@jupyterlite/services' BrowserStorageDrive). */
interface DriveItem {
  path: string;
  type: string;
  format: "text" | "base64" | "json" | null;
  content: unknown;
  last_modified: string;
}

/** The IndexedDB database of the lab's drive, and what of it is mirrored (path → last_modified). */
let drive: string | undefined;
const mirrored = new Map<string, string>();

/** Names the lab's drive (JupyterLite's contents storage) whose files the kernel sees. */
export function configureDrive(databaseName: string | undefined): void {
  drive = databaseName;
}

/**
 * Copies into memory the files of the lab's own drive — uploaded, dropped onto the file browser,
 * or edited and saved in the lab, which JupyterLite keeps in IndexedDB, not on the site — so a
 * cell reads them by path like the site's files (and a saved edit wins over the site's copy).
 * Called before each cell: IndexedDB answers only asynchronously, and node:fs is synchronous.
 * Only what changed since the last call is decoded again.
 */
export async function mirrorDriveFiles(): Promise<void> {
  if (!drive || typeof indexedDB === "undefined") return;
  // never create the database: opening a name that does not exist would
  const known = await indexedDB.databases?.();
  if (known && !known.some((d) => d.name === drive)) return;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(drive as string);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains("files")) return;
    const items = await new Promise<DriveItem[]>((resolve, reject) => {
      const request = db.transaction("files", "readonly").objectStore("files").getAll();
      request.onsuccess = () => resolve(request.result as DriveItem[]);
      request.onerror = () => reject(request.error);
    });
    for (const item of items) {
      if (!item?.path || item.type === "directory" || item.content === null || item.content === undefined) continue;
      const path = normalise(`/${item.path}`, "/");
      if (mirrored.get(path) === item.last_modified) continue;
      files.set(path, driveBytes(item));
      addFolder(parentOf(path));
      mirrored.set(path, item.last_modified);
    }
  } finally {
    db.close();
  }
}

/** A drive item's bytes, from its format (base64 for uploads, text, or JSON for notebooks). */
function driveBytes(item: DriveItem): Uint8Array {
  if (item.format === "base64") {
    const binary = atob(String(item.content));
    const bytes = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    return bytes;
  }
  return new TextEncoder().encode(item.format === "json" ? JSON.stringify(item.content) : String(item.content));
}

/** The file's bytes (from memory, else from the site, then kept), or undefined. */
function load(path: string): Uint8Array | undefined {
  let bytes = files.get(path);
  if (!bytes && !folders.has(path)) {
    bytes = fetchFromSite(path);
    if (bytes) {
      files.set(path, bytes);
      addFolder(parentOf(path));
    }
  }
  return bytes;
}

function addFolder(path: string): void {
  for (let p = path; !folders.has(p); p = parentOf(p)) folders.add(p);
}

function decode(bytes: Uint8Array, encoding?: string | { encoding?: string | null } | null): Uint8Array | string {
  const name = typeof encoding === "string" ? encoding : encoding?.encoding;
  if (!name) return globalThis.Buffer ? globalThis.Buffer.from(bytes) : bytes;
  if (name === "latin1" || name === "binary") return String.fromCharCode(...bytes);
  return new TextDecoder(name === "utf8" ? "utf-8" : name).decode(bytes);
}

function encode(data: string | ArrayBufferView): Uint8Array {
  if (typeof data === "string") return new TextEncoder().encode(data);
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

// --- the synchronous API (node:fs) ---------------------------------------------------------

export function readFileSync(path: string | URL, encoding?: string | { encoding?: string | null } | null): Uint8Array | string {
  if (typeof path === "string" && /^https?:\/\//.test(path)) {
    // an asset of the lab's (assetUrl), not a file of the notebook's
    const bytes = files.get(path) ?? fetchUrl(path);
    if (!bytes) throw new FsError("ENOENT", "open", path);
    files.set(path, bytes);
    return decode(bytes, encoding);
  }
  const absolute = normalise(path);
  if (folders.has(absolute) && !files.has(absolute)) throw new FsError("EISDIR", "read", String(path));
  const bytes = load(absolute);
  if (!bytes) throw new FsError("ENOENT", "open", String(path));
  return decode(bytes, encoding);
}

export function existsSync(path: string | URL): boolean {
  const absolute = normalise(path);
  return folders.has(absolute) || load(absolute) !== undefined;
}

export function writeFileSync(path: string | URL, data: string | ArrayBufferView): void {
  const absolute = normalise(path);
  if (!folders.has(parentOf(absolute))) throw new FsError("ENOENT", "open", String(path));
  files.set(absolute, encode(data));
}

export function mkdirSync(path: string | URL, options?: { recursive?: boolean }): void {
  const absolute = normalise(path);
  if (!options?.recursive && !folders.has(parentOf(absolute))) throw new FsError("ENOENT", "mkdir", String(path));
  addFolder(absolute);
}

/**
 * A new folder named `prefix` and six random characters (Node's mkdtempSync), e.g. for a
 * scratch file under os.tmpdir(); the parent must exist, as in Node.
 */
export function mkdtempSync(prefix: string): string {
  const absolute = normalise(prefix);
  if (!folders.has(parentOf(absolute))) throw new FsError("ENOENT", "mkdtemp", `${prefix}XXXXXX`);
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (;;) {
    const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => letters[b % letters.length]).join("");
    if (!folders.has(absolute + suffix) && !files.has(absolute + suffix)) {
      addFolder(absolute + suffix);
      return `${prefix}${suffix}`;
    }
  }
}

/** A folder's entry as `readdir(…, { withFileTypes: true })` gives it. */
export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

export function readdirSync(path: string | URL): string[];
export function readdirSync(path: string | URL, options: { withFileTypes: true }): DirEntry[];
export function readdirSync(path: string | URL, options?: { withFileTypes?: boolean }): string[] | DirEntry[] {
  const absolute = normalise(path);
  if (!folders.has(absolute) && !listSite(absolute)) throw new FsError("ENOENT", "scandir", String(path));
  const prefix = absolute === "/" ? "/" : `${absolute}/`;
  const names = new Set(listSite(absolute) ?? []);
  for (const p of [...files.keys(), ...folders]) if (p.startsWith(prefix) && p !== absolute) names.add(p.slice(prefix.length).split("/")[0]);
  const sorted = [...names].sort();
  if (!options?.withFileTypes) return sorted;
  // (a site file's kind is known by reading it: kernel-lib lists a folder to read its files)
  return sorted.map((name) => {
    const stat = statSync(`${prefix}${name}`);
    return { name, isFile: () => stat.isFile(), isDirectory: () => stat.isDirectory() };
  });
}

/** What kernel-lib reads of a stat: kind, size, time. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export function statSync(path: string | URL): FileStat {
  const absolute = normalise(path);
  const folder = folders.has(absolute) && !files.has(absolute);
  const bytes = folder ? undefined : load(absolute);
  if (!folder && !bytes) {
    if (listSite(absolute)) addFolder(absolute);
    else throw new FsError("ENOENT", "stat", String(path));
  }
  const isFolder = folder || !bytes;
  return { size: bytes?.length ?? 0, mtimeMs: 0, isFile: () => !isFolder, isDirectory: () => isFolder };
}

export function renameSync(from: string | URL, to: string | URL): void {
  const source = normalise(from);
  const bytes = load(source);
  if (!bytes) throw new FsError("ENOENT", "rename", String(from));
  files.delete(source);
  files.set(normalise(to), bytes);
}

/** No links here: a path's real path is its normal form (when it exists). */
export function realpathSync(path: string | URL): string {
  const absolute = normalise(path);
  if (!existsSync(absolute)) throw new FsError("ENOENT", "realpath", String(path));
  return absolute;
}

export function rmSync(path: string | URL): void {
  files.delete(normalise(path));
}
