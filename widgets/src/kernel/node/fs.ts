/** `node:fs` in the browser kernel: the synchronous calls of files.ts. */
export { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "./files.js";

import * as files from "./files.js";
import * as promises from "./fs-promises.js";

export { promises };
export default { ...files, promises };
