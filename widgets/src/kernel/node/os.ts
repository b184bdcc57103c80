/** `node:os` in the browser kernel: the cores the browser reports. */
export const availableParallelism = () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
export const cpus = () => Array.from({ length: availableParallelism() }, () => ({ model: "browser", speed: 0 }));
export const platform = () => "browser";
export const EOL = "\n";
export default { availableParallelism, cpus, platform, EOL };
