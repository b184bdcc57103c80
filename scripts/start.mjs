// `npm start`: the notebook environment (`radlab lab`, see `radlab lab --help`); the headless
// demo study is `npm run demo`. Builds kernel-lib first only when its sources are newer than
// its build (tsc costs seconds even when nothing changed; a start should not).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const kernelLib = join(dirname(fileURLToPath(import.meta.url)), "..", "kernel-lib");
const built = join(kernelLib, "dist", ".tsbuildinfo");

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(kernelLib, "src")), statSync(join(kernelLib, "tsconfig.build.json")).mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc leaves its record untouched when the output would not change; mark the build as current.
  if (existsSync(built)) utimesSync(built, new Date(), new Date());
}
const { main } = await import("../kernel-lib/dist/cli/main.js");
process.exitCode = await main(["lab", ...process.argv.slice(2)]);
