/** Builds the browser kernel's worker bundle; its path and size in bytes. */
export function buildBrowserKernel(): Promise<{ file: string; bytes: number }>;
