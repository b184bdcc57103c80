/** `node:os` in the browser kernel: the cores the browser reports, and the in-memory file system's scratch folder. */
import { TMP } from "./files.js";

export const availableParallelism = () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
export const cpus = () => Array.from({ length: availableParallelism() }, () => ({ model: "browser", speed: 0 }));
export const platform = () => "browser";
/** The scratch folder (os.tmpdir()): in memory, like every file a cell writes here. */
export const tmpdir = () => TMP;
export const EOL = "\n";
export default { availableParallelism, cpus, platform, tmpdir, EOL };
