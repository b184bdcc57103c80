#!/usr/bin/env node
/**
 * bench/shards: what sharding costs and gives on this machine.
 *
 *   npm run build && node bench/shards.mjs [--manifest M.csv] [--shards 1,2,4,8] [--runs 5]
 *
 * 1. Per-shard overhead: a whole `radlab extract --shard` process for one case already in the
 *    cache (process start, module load, manifest read and hash, input hashes, part written),
 *    against a bare `node -e ""` start.
 * 2. Per-case time: one shard holding every case, 1 worker, no cache: (time − overhead) / cases.
 * 3. Throughput on Slurm (when `sinfo` answers, e.g. after test/slurm/cluster.sh start):
 *    `radlab slurm extract --shards S --cpus-per-task 1 --wait` from submission to merged
 *    table, no cache, for each S; baseline in the same command: the single-machine
 *    `radlab extract --manifest --workers 2 --no-cache`.
 *
 * The manifest defaults to data/demo-cohort/manifest.csv (`npm start` or `radlab demo-data`
 * writes it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "kernel-lib", "bin", "radlab.js");
const { values: args } = parseArgs({
  options: {
    manifest: { type: "string", default: join(ROOT, "data", "demo-cohort", "manifest.csv") },
    shards: { type: "string", default: "1,2,4,8" },
    runs: { type: "string", default: "5" },
  },
});
const manifest = resolve(args.manifest);
if (!existsSync(manifest)) {
  console.error(`bench/shards: ${manifest} not found (write it with: npx radlab demo-data --out data/demo-cohort)`);
  process.exit(2);
}
const cases = (await import("node:fs")).readFileSync(manifest, "utf8").trim().split("\n").length - 1;
const RUNS = Number(args.runs);

/**
 * Wall and CPU seconds of a command (it must succeed, or exit 3: some cases failed). CPU is
 * the user + system time of the command and its children, from the shell's `times`: on a
 * machine shared with other work, CPU time is the cost and wall time depends on the load.
 */
function timed(command, commandArgs, env = process.env) {
  const t0 = performance.now();
  const script = '"$@"; status=$?; times >&2; exit $status';
  const result = spawnSync("sh", ["-c", script, "sh", command, ...commandArgs], { encoding: "utf8", env });
  const wall = (performance.now() - t0) / 1000;
  if (result.status !== 0 && result.status !== 3) throw new Error(`${command} ${commandArgs.join(" ")} exited ${result.status}:\n${result.stderr}`);
  // The last line of `times`: the children's user and system time, e.g. "0m1.234s 0m0.100s".
  const seconds = (text) => {
    const [, m, s] = /(\d+)m([\d.]+)s/.exec(text) ?? [];
    return Number(m) * 60 + Number(s);
  };
  const [user, system] = result.stderr.trim().split("\n").at(-1).split(/\s+/);
  return { wall, cpu: seconds(user) + seconds(system) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const work = mkdtempSync(join(tmpdir(), "radlab-bench-shards-"));
try {
  console.log(`${cases} cases (${manifest}); ${availableParallelism()} cores; load average ${loadavg()[0].toFixed(1)} at start`);
  const bare = median(Array.from({ length: RUNS }, () => timed(process.execPath, ["-e", ""]).cpu));
  // The one case of shard 0 of `cases`, computed once into the cache, then timed from it.
  const cache = join(work, "cache");
  const oneCase = ["extract", "--manifest", manifest, "--shard", `0/${cases}`, "--workers", "1", "--cache", cache, "--out", join(work, "one.json")];
  timed(process.execPath, [CLI, ...oneCase]);
  const runs = Array.from({ length: RUNS }, () => timed(process.execPath, [CLI, ...oneCase]));
  const overhead = { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
  console.log(
    `per-shard overhead (one cached case, whole process): ${overhead.cpu.toFixed(2)} s CPU, ${overhead.wall.toFixed(2)} s wall (a bare node start: ${bare.toFixed(2)} s CPU)`,
  );

  const whole = timed(process.execPath, [
    CLI,
    "extract",
    "--manifest",
    manifest,
    "--shard",
    "0/1",
    "--workers",
    "1",
    "--no-cache",
    "--out",
    join(work, "all.json"),
  ]);
  console.log(
    `per case (one shard of ${cases}, 1 worker, no cache): ${(((whole.cpu - overhead.cpu) / cases) * 1000).toFixed(0)} ms CPU ` +
      `(${whole.cpu.toFixed(1)} s CPU, ${whole.wall.toFixed(1)} s wall in all)`,
  );

  const single = timed(process.execPath, [
    CLI,
    "extract",
    "--manifest",
    manifest,
    "--workers",
    "2",
    "--no-cache",
    "--out",
    join(work, "single", "features.csv"),
  ]);
  const baseline = single.wall;
  console.log(
    `baseline, one machine, 2 workers: ${single.wall.toFixed(1)} s wall (${single.cpu.toFixed(1)} s CPU) = ${(cases / single.wall).toFixed(1)} cases/s`,
  );

  if (spawnSync("sinfo", ["-h"], { encoding: "utf8" }).status !== 0) {
    console.log("no Slurm cluster answers (sinfo): throughput by shards skipped (start one: test/slurm/cluster.sh start)");
  } else {
    for (const shards of args.shards.split(",").map(Number)) {
      const out = join(work, `slurm-${shards}`, "features.csv");
      const seconds = timed(process.execPath, [
        CLI,
        "slurm",
        "extract",
        "--manifest",
        manifest,
        "--shards",
        String(shards),
        "--cpus-per-task",
        "1",
        "--out",
        out,
        "--wait",
      ]).wall;
      console.log(
        `Slurm, ${shards} shard${shards === 1 ? "" : "s"} × 1 CPU: ${seconds.toFixed(1)} s submission → merged = ${(cases / seconds).toFixed(1)} cases/s = ${(baseline / seconds).toFixed(2)} × baseline`,
      );
    }
  }
  console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
