/** `node:fs/promises` in the browser kernel: files.ts's calls, resolved as promises. */
import * as files from "./files.js";

type Path = string | URL;

export const readFile = async (path: Path, encoding?: string | { encoding?: string | null } | null) => files.readFileSync(path, encoding);
export const writeFile = async (path: Path, data: string | ArrayBufferView) => files.writeFileSync(path, data);
export const mkdir = async (path: Path, options?: { recursive?: boolean }) => files.mkdirSync(path, options);
export const readdir = async (path: Path) => files.readdirSync(path);
export const stat = async (path: Path) => files.statSync(path);
export const rename = async (from: Path, to: Path) => files.renameSync(from, to);
export const rm = async (path: Path) => files.rmSync(path);
export const unlink = rm;
export default { readFile, writeFile, mkdir, readdir, stat, rename, rm, unlink };
