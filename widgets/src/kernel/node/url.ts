/** `node:url` in the browser kernel: file URLs as the paths of files.ts. */
export const fileURLToPath = (url: string | URL) => decodeURIComponent(new URL(String(url)).pathname);
export const pathToFileURL = (path: string) => new URL(`file://${encodeURI(path)}`);
export const URL_ = URL;
export default { fileURLToPath, pathToFileURL };
