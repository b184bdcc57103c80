/** `node:fs/promises` in the browser kernel: files.ts's calls, resolved as promises. */
import * as files from "./files.js";

type Path = string | URL;

export const readFile = async (path: Path, encoding?: string | { encoding?: string | null } | null) => files.readFileSync(path, encoding);
export const writeFile = async (path: Path, data: string | ArrayBufferView) => files.writeFileSync(path, data);
export const mkdir = async (path: Path, options?: { recursive?: boolean }) => files.mkdirSync(path, options);
export const readdir = async (path: Path, options?: { withFileTypes?: boolean }) =>
  options?.withFileTypes ? files.readdirSync(path, { withFileTypes: true }) : files.readdirSync(path);
export const stat = async (path: Path) => files.statSync(path);
export const rename = async (from: Path, to: Path) => files.renameSync(from, to);
export const rm = async (path: Path) => files.rmSync(path);
export const unlink = rm;

/** What kernel-lib does with an open file: read its first bytes (a DICOM file's header) and close it. */
export interface FileHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Uint8Array }>;
  close(): Promise<void>;
}

/** Opens a file for reading (the kernel's files are read whole, so this reads it and hands out slices). */
export const open = async (path: Path, flags = "r"): Promise<FileHandle> => {
  if (flags !== "r") throw new Error(`fs/promises.open(…, "${flags}"): the browser kernel opens files for reading only`);
  const bytes = files.readFileSync(path) as Uint8Array;
  return {
    read: async (buffer, offset, length, position) => {
      const part = bytes.subarray(position, position + Math.min(length, buffer.length - offset));
      buffer.set(part, offset);
      return { bytesRead: part.length, buffer };
    },
    close: async () => {},
  };
};
export default { readFile, writeFile, mkdir, readdir, stat, rename, rm, unlink, open };
