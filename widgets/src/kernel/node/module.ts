/**
 * `node:module` in the browser kernel: createRequire returns a require that knows the few
 * modules kernel-lib loads lazily — tslab's display channel (display-bridge.ts stands in for
 * it), yaml, crypto — and where plotly.js is (the site serves it once, for every page).
 */
import * as yaml from "yaml";
import { displayBridge } from "../display-bridge.js";
import * as crypto from "./crypto.js";
import { assetUrl, KERNEL_ASSETS } from "./files.js";

const modules: Record<string, unknown> = {
  "tslab/dist/jupyter": displayBridge,
  yaml,
  "node:crypto": crypto,
  crypto,
};

/** The lab's assets that kernel-lib finds through require.resolve (files.ts caches KERNEL_ASSETS for offline use). */
const [PLOTLY] = KERNEL_ASSETS;
const resolved: Record<string, string> = {
  "plotly.js-dist-min/plotly.min.js": PLOTLY,
  "plotly.js-dist-min": PLOTLY,
};

export function createRequire(_from: string | URL) {
  const require = (specifier: string) => {
    if (specifier in modules) return modules[specifier];
    throw new Error(`module ${specifier} is not available in the browser kernel`);
  };
  require.resolve = (specifier: string) => {
    if (specifier in resolved) return assetUrl(resolved[specifier]);
    throw new Error(`cannot resolve ${specifier} in the browser kernel`);
  };
  require.cache = {} as Record<string, { exports: unknown }>;
  return require;
}

export default { createRequire };
