/**
 * Sharded extraction without a scheduler: shards of a small cohort (real families, tiny
 * phantoms) merge to the single-machine table bit for bit; parts that do not belong together
 * are refused, each reason with its own message naming the files. Slurm itself: test/e2e/slurm.test.ts.
 */
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CohortExtraction, decodeFeatureValue, encodeFeatureValue, extractCohort } from "../src/features/cohort.js";
import { DEFAULT_SETTINGS } from "../src/features/settings.js";
import { writeVolume } from "../src/io/write-volume.js";
import { mergeParts, PartMergeError } from "../src/scale/merge.js";
import { partFileName, readPart, type ShardPart, writePart } from "../src/scale/part.js";
import { extractShard, parseShard, shardFromEnvironment, shardRange } from "../src/scale/shard.js";

const grid = {
  size: [7, 6, 5] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

/** A seeded phantom: varied intensities, a box ROI. */
function phantom(seed: number) {
  const n = 7 * 6 * 5;
  const image = new Int16Array(n);
  const labels = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    image[v] = ((v * (7 + seed) + seed * 13) % 61) + 10;
    const [i, j, k] = [v % 7, Math.floor(v / 7) % 6, Math.floor(v / 42)];
    labels[v] = i >= 1 && i <= 5 && j >= 1 && j <= 4 && k >= 1 && k <= 3 ? 1 : 0;
  }
  return { image, labels };
}

/** Float64 bits of a column, so that NaN, −0 and every last bit compare. */
function bits(column: ArrayLike<unknown>): string[] {
  return Array.from(column as ArrayLike<number>, (v) => (typeof v === "number" ? Buffer.from(new Float64Array([v]).buffer).toString("hex") : String(v)));
}

function expectSameTable(merged: CohortExtraction, single: CohortExtraction) {
  expect(merged.table.columnNames()).toEqual(single.table.columnNames());
  for (const name of single.table.columnNames())
    expect(bits(merged.table.array(name) as ArrayLike<unknown>), name).toEqual(bits(single.table.array(name) as ArrayLike<unknown>));
  expect(merged.failures).toEqual(single.failures);
  expect(merged.warnings).toEqual(single.warnings);
  expect(merged.inputHashes).toEqual(single.inputHashes);
}

describe("shards and merge", () => {
  const dir = mkdtempSync(join(tmpdir(), "radlab-shards-"));
  const manifest = join(dir, "manifest.csv");
  const ids = ["P1", "P2", "P3", "P4", "P5", "P6"];
  let single: CohortExtraction;
  const parts: Record<string, string> = {};

  beforeAll(async () => {
    for (const [n, id] of ids.entries()) {
      const { image, labels } = phantom(n);
      await writeVolume({ ...grid, data: image }, join(dir, `${id}_img.nii.gz`));
      await writeVolume({ ...grid, data: labels }, join(dir, `${id}_mask.nii.gz`));
    }
    writeFileSync(join(dir, "broken.nii.gz"), "not a NIfTI file");
    const rows = ids.map((id, n) => `${id},${id}_img.nii.gz,${id}_mask.nii.gz,${n % 2},${n === 2 ? "" : 40 + n},${n % 3 ? "M" : "F"}`);
    rows.splice(3, 0, "BAD,broken.nii.gz,P1_mask.nii.gz,1,50,F");
    writeFileSync(manifest, ["id,image,mask,outcome,age,sex", ...rows].join("\n"));
    single = await extractCohort(manifest, DEFAULT_SETTINGS);
    for (const count of [2, 3]) {
      for (let index = 0; index < count; index++) {
        const file = join(dir, `parts${count}`, partFileName({ index, count }));
        await writePart(await extractShard(manifest, DEFAULT_SETTINGS, { index, count }), file);
        parts[`${index}/${count}`] = file;
      }
    }
  });

  it("splits a manifest into contiguous shards, each case once, sizes within one", () => {
    for (const [cases, count] of [
      [142, 7],
      [142, 4],
      [7, 3],
      [3, 5],
    ]) {
      const seen: number[] = [];
      const sizes: number[] = [];
      for (let index = 0; index < count; index++) {
        const { start, end } = shardRange(cases, { index, count });
        for (let p = start; p < end; p++) seen.push(p);
        sizes.push(end - start);
      }
      expect(seen).toEqual([...Array(cases).keys()]);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("reads --shard K/N and auto from Slurm's or Kubernetes' environment", () => {
    expect(parseShard("2/7")).toEqual({ index: 2, count: 7 });
    expect(() => parseShard("7/7")).toThrow(/shard 7 does not exist \(shards are 0 … 6\)/);
    expect(() => parseShard("x")).toThrow(/expected K\/N/);
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    // A resubmitted array (--array=2,5) has 2 tasks but the manifest still has 7 shards.
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "2" }, 7)).toEqual({ index: 5, count: 7 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: "0" }, 3)).toEqual({ index: 0, count: 3 });
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: "0" })).toThrow(/give --shards N/);
    expect(() => shardFromEnvironment({})).toThrow(/neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/);
  });

  it("keeps every double through JSON, NaN, ±Infinity and −0 included", () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 5e-324, 0.1 + 0.2, -1.7976931348623157e308]) {
      expect(Object.is(decodeFeatureValue(JSON.parse(JSON.stringify(encodeFeatureValue(v)))), v)).toBe(true);
    }
  });

  it("parts carry their provenance, and a failed case names its id and file", async () => {
    const part = await readPart(parts["1/2"]);
    expect(part.shard).toEqual({ index: 1, count: 2 });
    expect(part.caseIds).toEqual(["BAD", "P4", "P5", "P6"]);
    expect(part.settings).toEqual(JSON.parse(JSON.stringify(part.settings)));
    expect(part.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(part.version).toBe(single.version);
    expect(part.failures).toEqual([expect.objectContaining({ id: "BAD", position: 3, file: join(dir, "broken.nii.gz") })]);
    expect(part.failures[0].reason).toMatch(/case BAD/);
    expect(part.rows.map((r) => r.position)).toEqual([4, 5, 6]);
  });

  it("merges 2 or 3 shards, given in any order, to the single-machine table bit for bit", async () => {
    for (const files of [
      [parts["1/2"], parts["0/2"]],
      [parts["2/3"], parts["0/3"], parts["1/3"]],
    ]) {
      const merged = await mergeParts(files);
      expectSameTable(merged, single);
      expect(merged.failures.map((f) => f.id)).toEqual(["BAD"]);
      expect(merged.table.array("id")).toEqual(["P1", "P2", "P3", "P4", "P5", "P6"]);
    }
  });

  /** A copy of a part with some fields changed, written beside it. */
  async function altered(source: string, name: string, change: (part: ShardPart) => void): Promise<string> {
    const part = JSON.parse(readFileSync(source, "utf8")) as ShardPart;
    change(part);
    return writePart(part, join(dir, name));
  }

  it("refuses mixed settings, versions and manifests, naming the files", async () => {
    const settings = await altered(parts["1/2"], "other-settings.json", (p) => {
      p.settings = { ...p.settings, discretization: "bins:16" };
    });
    await expect(mergeParts([parts["0/2"], settings])).rejects.toThrow(new RegExp(`parts with different settings: .*${parts["0/2"]}; .*bins:16.*${settings}`));
    const version = await altered(parts["1/2"], "other-version.json", (p) => {
      p.version = "9.9.9";
    });
    await expect(mergeParts([parts["0/2"], version])).rejects.toThrow(
      new RegExp(`parts with different radlab versions: ${single.version}: ${parts["0/2"]}; 9\\.9\\.9: ${version}`),
    );
    const other = await altered(parts["1/2"], "other-manifest.json", (p) => {
      p.manifest.sha256 = "f".repeat(64);
    });
    await expect(mergeParts([parts["0/2"], other])).rejects.toThrow(/parts with different manifests: .*; ffffffffffff… .*other-manifest\.json/);
    await expect(mergeParts([parts["0/2"], parts["1/3"], parts["2/3"]])).rejects.toThrow(/parts with different numbers of shards: 2 shards: .*; 3 shards: /);
  });

  it("refuses a missing shard and a duplicated case, each with its own message", async () => {
    const missing = mergeParts([parts["0/3"], parts["2/3"]]);
    await expect(missing).rejects.toThrow(PartMergeError);
    await expect(missing).rejects.toThrow(
      new RegExp(`shard 1 of 3 missing: no part given holds it \\(given: ${parts["0/3"]} \\(0/3\\), ${parts["2/3"]} \\(2/3\\)\\)`),
    );
    const copy = await altered(parts["1/3"], "copy-of-1.json", () => {});
    const twice = mergeParts([parts["0/3"], parts["1/3"], copy, parts["2/3"]]);
    await expect(twice).rejects.toThrow(new RegExp(`cases \\(P3, BAD\\) in two parts: ${parts["1/3"]} and ${copy}`));
    await expect(twice).rejects.toThrow(/shard 1\/3 given 2 times/);
  });

  it("refuses a file that is not a complete part, naming it; a part is written under a temporary name first", async () => {
    const truncated = join(dir, "truncated.json");
    writeFileSync(truncated, readFileSync(parts["0/2"], "utf8").slice(0, 500));
    await expect(mergeParts([truncated, parts["1/2"]])).rejects.toThrow(new RegExp(`${truncated}: not a complete radlab part`));
    renameSync(truncated, `${truncated}.bak`);
    await expect(mergeParts([truncated])).rejects.toThrow(new RegExp(`${truncated}: part file not found`));
  });
});
