import type { Server } from "node:http";

/** The bare page that drives the in-browser kernel's worker (kernel-page.mjs). */
export function kernelPageHtml(options: { title: string; cwd: string; listings?: boolean }): string;

/** A static server on 127.0.0.1 for that page, its worker and the mounted files (kernel-page.mjs). */
export function serveKernelPage(options: {
  title: string;
  cwd: string;
  workerFile: string;
  /** URL prefix → a file, or a folder when the prefix ends in "/". */
  mounts?: Record<string, string>;
  port?: number;
}): Promise<Server>;

/** Runs a cell in the page's kernel; the JSON of its last printed line (kernel-page.mjs). */
export function printedJson(page: import("playwright-core").Page, code: string): Promise<unknown>;
