import { readFileSync } from "node:fs";

/** radlab's version, read from kernel-lib's package.json (one source of truth). */
export const RADLAB_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
