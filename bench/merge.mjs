#!/usr/bin/env node
/**
 * bench/merge: `radlab merge` of a 10,000-case × 432-feature cohort, from synthesized parts
 * (the shape `radlab extract --shard` writes: full-precision doubles, a few NaN, the demo
 * manifest's clinical columns), split as a 50-node × 32-core cluster would split it
 * (1,600 shards) and as 50 shards. Baseline in the same command: writing the same table
 * straight from memory (writeFeatureTable), which a single-machine extraction pays anyway.
 * Each merge is timed to CSV and to Arrow, in CPU seconds (this process) and wall seconds:
 * on a machine shared with other work, CPU time is the cost, wall time depends on the load.
 *
 *   npm run build && node bench/merge.mjs [--cases 10000] [--shards 1600,50] [--runs 3]
 *
 * Goal (issue 10): the merge of 10,000 × 432 in a few seconds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "10000" },
    shards: { type: "string", default: "1600,50" },
    runs: { type: "string", default: "3" },
  },
});
const CASES = Number(args.cases);
const RUNS = Number(args.runs);

const dist = new URL("../kernel-lib/dist/", import.meta.url);
const { featureNames } = await import(new URL("features/catalog.js", dist).href);
const { DEFAULT_SETTINGS, settingsToJson } = await import(new URL("features/settings.js", dist).href);
const { buildFeatureTable, encodeFeatureValue } = await import(new URL("features/cohort.js", dist).href);
const { writeCohortExtraction, writeFeatureTable } = await import(new URL("features/feature-table.js", dist).href);
const { mergeParts } = await import(new URL("scale/merge.js", dist).href);
const { partFileName, writePart, PART_FORMAT, PART_FORMAT_VERSION } = await import(new URL("scale/part.js", dist).href);
const { shardRange } = await import(new URL("scale/shard.js", dist).href);
const { RADLAB_VERSION } = await import(new URL("version.js", dist).href);

const columns = featureNames(DEFAULT_SETTINGS.families);
const clinicalColumns = ["set", "outcome", "age", "sex", "ALT", "AST"];

/** A seeded PRNG (mulberry32), so every run synthesizes the same cohort. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20240601);
const cases = Array.from({ length: CASES }, (_, n) => {
  const id = `P${String(n + 1).padStart(5, "0")}`;
  const values = Float64Array.from(columns, (_, c) => (c % 97 === 13 && random() < 0.05 ? Number.NaN : (random() - 0.3) * 10 ** ((c % 9) - 3)));
  const clinical = {
    set: random() < 0.67 ? "training" : "validation",
    outcome: String(random() < 0.5 ? 1 : 0),
    age: String(30 + Math.floor(random() * 50)),
    sex: random() < 0.7 ? "M" : "F",
    ALT: (10 + random() * 40).toFixed(0),
    AST: (10 + random() * 40).toFixed(1),
  };
  return { id, values, clinical };
});

async function writeParts(dir, count) {
  const files = [];
  for (let index = 0; index < count; index++) {
    const { start, end } = shardRange(CASES, { index, count });
    const slice = cases.slice(start, end);
    const part = {
      format: PART_FORMAT,
      formatVersion: PART_FORMAT_VERSION,
      version: RADLAB_VERSION,
      settings: settingsToJson(DEFAULT_SETTINGS),
      manifest: { path: "/synthetic/manifest.csv", sha256: "0".repeat(64), cases: CASES, clinicalColumns },
      shard: { index, count },
      caseIds: slice.map((c) => c.id),
      columns,
      rows: slice.map((c, n) => ({ id: c.id, position: start + n, values: Array.from(c.values, encodeFeatureValue), clinical: c.clinical })),
      failures: [],
      warnings: [],
      inputHashes: Object.fromEntries(slice.map((c) => [c.id, { image: "a".repeat(64), mask: "b".repeat(64) }])),
      computed: slice.length,
      cached: 0,
      host: "bench",
      createdAt: new Date().toISOString(),
    };
    files.push(await writePart(part, join(dir, partFileName({ index, count }))));
  }
  return files;
}

/** CPU seconds (user + system) of this process since `start` (a process.cpuUsage() reading). */
function cpuSince(start) {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), "radlab-bench-merge-"));
try {
  // Baseline: the same table, assembled and written from memory.
  const baseline = [];
  const baselineCpu = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await writeFeatureTable(buildFeatureTable(cases, columns, clinicalColumns), join(dir, "baseline.csv"));
    baselineCpu.push(cpuSince(c0));
    baseline.push(performance.now() - t0);
  }
  const base = median(baseline);
  console.log(
    `${CASES} cases × ${columns.length} features; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores\n` +
      `baseline (assemble + write CSV from memory): ${(base / 1000).toFixed(2)} s wall, ${median(baselineCpu).toFixed(2)} s CPU`,
  );
  for (const count of args.shards.split(",").map(Number)) {
    const folder = join(dir, `parts-${count}`);
    const files = await writeParts(folder, count);
    const times = { read: [], csv: [], arrow: [], cpuRead: [], cpuCsv: [], cpuArrow: [] };
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const merged = await mergeParts(files);
      times.cpuRead.push(cpuSince(c0));
      times.read.push(performance.now() - t0);
      for (const format of ["csv", "arrow"]) {
        const t1 = performance.now();
        const c1 = process.cpuUsage();
        await writeCohortExtraction(merged, join(dir, `merged-${count}.${format}`), { parts: merged.parts });
        times[format === "csv" ? "cpuCsv" : "cpuArrow"].push(cpuSince(c1));
        times[format].push(performance.now() - t1);
      }
    }
    const read = median(times.cpuRead);
    for (const format of ["csv", "arrow"]) {
      const write = median(times[format === "csv" ? "cpuCsv" : "cpuArrow"]);
      const wall = median(times.read.map((t, n) => t + times[format][n]));
      console.log(
        `${count} parts → .${format}: ${(read + write).toFixed(2)} s CPU (read + check + assemble ${read.toFixed(2)} s, write table + report + provenance ${write.toFixed(2)} s); ` +
          `${(wall / 1000).toFixed(2)} s wall = ${(wall / base).toFixed(2)} × baseline`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
