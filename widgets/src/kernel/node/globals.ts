/**
 * Globals that kernel-lib and notebook cells expect from Node, for the browser kernel's worker:
 * `process` (env, cwd, platform, nextTick, hrtime) and `Buffer` (the `buffer` package, the
 * browser port of Node's). Imported first by worker.ts.
 */
import { Buffer } from "buffer";
import { currentFolder } from "./files.js";

const started = performance.now();

const processShim = {
  env: { RADLAB_BROWSER: "1" } as Record<string, string | undefined>,
  argv: ["radlab-ts"],
  pid: 1,
  platform: "browser",
  // the convention of npm's `process` package: libraries that probe for Node (TypeScript's own
  // `sys` among them) see a browser
  browser: true,
  versions: {} as Record<string, string>,
  cwd: () => currentFolder(),
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => callback(...args)),
  hrtime: Object.assign(
    (previous?: [number, number]) => {
      const ns = Math.round((performance.now() - started) * 1e6);
      const now: [number, number] = [Math.floor(ns / 1e9), ns % 1e9];
      return previous ? [now[0] - previous[0], now[1] - previous[1]] : now;
    },
    { bigint: () => BigInt(Math.round((performance.now() - started) * 1e6)) },
  ),
  memoryUsage: () => ({ rss: 0, heapUsed: 0, heapTotal: 0 }),
  exitCode: undefined as number | undefined,
};

const scope = globalThis as unknown as { process?: unknown; Buffer?: unknown; global?: unknown };
scope.process ??= processShim;
scope.Buffer ??= Buffer;
scope.global ??= globalThis;
