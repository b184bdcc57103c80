/**
 * The cohort runner with 2 worker threads over a cohort where every case appears twice with
 * byte-identical files (issue 15, item 5): two rows of one cache key are written at the same
 * moment, and a cache hit must not hand one case the other's warnings. 10 runs in a row, the odd
 * ones on an empty cache (the write race), the even ones on the filled cache (re-attribution).
 * Tiny volumes (8×7×5): about 5 s in all, most of it worker-thread start-up.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractCohort } from "../../kernel-lib/src/features/cohort.js";
import { DEFAULT_SETTINGS } from "../../kernel-lib/src/features/settings.js";
import { writeFixtures } from "./fixtures.js";

let dir: string;
let manifest: string;
const ids = ["A", "A-twin", "B", "B-twin", "C", "C-twin"];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radlab-concurrency-"));
  const fx = writeFixtures(dir);
  const sources = { A: fx.image, B: fx.nanNifti, C: fx.infNrrd } as Record<string, string>;
  const lines = ["id,image,mask"];
  for (const id of ids) {
    const base = id.replace("-twin", "");
    const ext = sources[base].endsWith(".nrrd") ? "nrrd" : sources[base].endsWith(".gz") ? "nii.gz" : "nii";
    copyFileSync(sources[base], join(dir, `${id}.${ext}`));
    copyFileSync(fx.mask, join(dir, `${id}-mask.nii.gz`));
    lines.push(`${id},${id}.${ext},${id}-mask.nii.gz`);
  }
  manifest = join(dir, "twice.csv");
  writeFileSync(manifest, `${lines.join("\n")}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("2 workers, every case twice (identical bytes), 10 runs", () => {
  it("every id is present, nothing fails, and every warning names its own case and files", async () => {
    const cacheDir = join(dir, "cache");
    let firstRun: string[] | undefined;
    for (let run = 1; run <= 10; run++) {
      if (run % 2 === 1) rmSync(cacheDir, { recursive: true, force: true });
      const result = await extractCohort(manifest, DEFAULT_SETTINGS, { workers: 2, cacheDir });
      expect(result.failures, `run ${run}`).toEqual([]);
      expect(result.table.array("id"), `run ${run}`).toEqual(ids);
      // On an empty cache a twin may still find its twin's row, written a moment earlier in the same run.
      if (run % 2 === 1) expect(result.cached, `run ${run}`).toBeLessThanOrEqual(ids.length / 2);
      else expect(result.cached, `run ${run}`).toBe(ids.length);
      // No temporary file is left behind by the racing writes.
      expect(
        readdirSync(cacheDir).filter((name) => !name.endsWith(".json")),
        `run ${run}`,
      ).toEqual([]);
      for (const warning of result.warnings) {
        const id = /^case (\S+): /.exec(warning)?.[1] as string;
        expect(ids, warning).toContain(id);
        const other = id.endsWith("-twin") ? id.replace("-twin", "") : `${id}-twin`;
        expect(warning, `run ${run}`).not.toContain(`/${other}.`);
        expect(warning, `run ${run}`).not.toContain(`/${other}-mask`);
      }
      // Twins get the same warnings but for their names; B and C name their own image in the ROI warning.
      const of = (id: string) => result.warnings.filter((w) => w.startsWith(`case ${id}: `));
      for (const base of ["A", "B", "C"]) {
        const twin = `${base}-twin`;
        const renamed = of(twin).map((w) =>
          w.replace(`case ${twin}: `, `case ${base}: `).replaceAll(`/${twin}.`, `/${base}.`).replaceAll(`/${twin}-mask`, `/${base}-mask`),
        );
        expect(renamed, `run ${run}`).toEqual(of(base));
        expect(of(base).length, `run ${run}`).toBeGreaterThan(0);
      }
      for (const id of ["B", "B-twin", "C", "C-twin"]) {
        expect(
          result.warnings.filter((w) => w.startsWith(`case ${id}: ROI: ${join(dir, id)}.`)),
          `run ${run} ${id}`,
        ).toHaveLength(1);
      }
      firstRun ??= result.warnings;
      expect(result.warnings, `run ${run}`).toEqual(firstRun);
    }
  });
});
