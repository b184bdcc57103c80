import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupSizes } from "../src/demo/design.js";
import { synthesiseCase } from "../src/demo/phantom.js";
import { designCohort, readManifest, readMask, readVolume, roiBoundingBox, writeDemoCohort } from "../src/index.js";

function filesOf(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.set(`${prefix}${entry.name}`, readFileSync(join(dir, entry.name)));
    }
  };
  walk(folder, "");
  return out;
}

describe("demo cohort", () => {
  it("keeps the study's design: 142 = training 96 (32/64) + validation 46 (23/23), 10 stratified folds", () => {
    const cases = designCohort(142, 7);
    const count = (set: string, outcome: number) => cases.filter((c) => c.set === set && c.outcome === outcome).length;
    expect([count("training", 1), count("training", 0), count("validation", 1), count("validation", 0)]).toEqual([32, 64, 23, 23]);
    const training = cases.filter((c) => c.set === "training");
    const perFold = Array.from({ length: 10 }, (_, f) => training.filter((c) => c.foldid === f + 1));
    for (const fold of perFold) {
      expect(fold.length).toBeGreaterThanOrEqual(9);
      expect(fold.filter((c) => c.outcome === 1).length).toBeGreaterThanOrEqual(3);
    }
    expect(cases.filter((c) => c.set === "validation").every((c) => c.foldid === null)).toBe(true);
    expect(groupSizes(10).reduce((a, b) => a + b)).toBe(10);
    expect(() => groupSizes(3)).toThrow(/at least 4/);
  });

  it("writes byte-identical files for one seed, different ones for another", async () => {
    const a = mkdtempSync(join(tmpdir(), "radlab-demo-a-"));
    const b = mkdtempSync(join(tmpdir(), "radlab-demo-b-"));
    const c = mkdtempSync(join(tmpdir(), "radlab-demo-c-"));
    await writeDemoCohort({ out: a, seed: 11, cases: 5, workers: 1 });
    await writeDemoCohort({ out: b, seed: 11, cases: 5, workers: 1 });
    await writeDemoCohort({ out: c, seed: 12, cases: 5, workers: 1 });
    const [fa, fb, fc] = [filesOf(a), filesOf(b), filesOf(c)];
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    expect(fa.size).toBe(2 * 5 + 3); // images, masks, manifest.csv, clinical.csv, cohort.json
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name) as Buffer), name).toBe(true);
    expect(fa.get("images/NPC001_T2.nii.gz")?.equals(fc.get("images/NPC001_T2.nii.gz") as Buffer)).toBe(false);

    // What it wrote reads back through ITK as the study's grid with a 3–7 cm tumour.
    const manifest = readManifest(join(a, "manifest.csv"));
    expect(manifest.clinicalColumns).toEqual(["set", "outcome", "foldid", "age", "sex", "ALT", "AST", "GGT", "ALP", "TBIL", "ALB", "PT", "AFP"]);
    const first = manifest.cases[0];
    const image = await readVolume(first.image);
    const mask = await readMask(first.mask, { image, label: first.label });
    expect(image.size).toEqual([160, 160, 24]);
    for (const [d, s] of image.spacing.entries()) expect(s).toBeCloseTo([1.1, 1.1, 5][d], 5);
    const box = roiBoundingBox(mask);
    const extent = box ? Math.max(...[0, 1, 2].map((d) => (box.max[d] - box.min[d] + 1) * image.spacing[d])) : 0;
    expect(extent).toBeGreaterThanOrEqual(30);
    expect(extent).toBeLessThanOrEqual(72);
  });

  it("a case's images do not depend on how many cases the cohort has (only on the seed, its stream and its outcome)", async () => {
    const small = mkdtempSync(join(tmpdir(), "radlab-demo-5-"));
    const large = mkdtempSync(join(tmpdir(), "radlab-demo-7-"));
    await writeDemoCohort({ out: small, seed: 11, cases: 5, workers: 1 });
    await writeDemoCohort({ out: large, seed: 11, cases: 7, workers: 1 });
    const outcomes = (dir: string) => new Map(readManifest(join(dir, "manifest.csv")).cases.map((c) => [c.id, c.clinical.outcome]));
    const [o5, o7] = [outcomes(small), outcomes(large)];
    const [f5, f7] = [filesOf(small), filesOf(large)];
    expect(o7.size).toBe(7);
    // The design gives a case the same stream in both cohorts; where it also gives the same
    // outcome, the image and the mask must be the same bytes.
    const same = [...o5.keys()].filter((id) => o7.get(id) === o5.get(id));
    expect(same.length).toBeGreaterThanOrEqual(2);
    for (const id of same) {
      for (const name of [`images/${id}_T2.nii.gz`, `masks/${id}_mask.nii.gz`]) {
        expect(f5.get(name)?.equals(f7.get(name) as Buffer), name).toBe(true);
      }
    }
  });

  it("keeps the demo files of a seed: the same bytes as when they were made (a stored hash)", () => {
    // Made with the generator of radlab 0.1.0; a change here changes every published demo number.
    const c = synthesiseCase(11, 3, 1);
    const sha256 = (a: ArrayBufferView) =>
      createHash("sha256")
        .update(Buffer.from(a.buffer, a.byteOffset, a.byteLength))
        .digest("hex");
    expect(sha256(c.image)).toBe("90707b6fdeeddca12076c296fee10d2856892cb866eab7985d52a84f55d2421e");
    expect(sha256(c.mask)).toBe("272ef084ceb7e7f0a297c5843f178e9a974cd162be4a66ffb0e9b3022e77574b");
    expect(c.diameterMm).toBe(51.7);
  });
});
