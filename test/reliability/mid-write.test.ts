/**
 * A failure in the middle of writing an output (the disk fills up after half the bytes) leaves
 * the previous output byte-identical and no partial or temporary file behind, for each command
 * that writes files (extract, model, figures' tables, demo-data, study, slurm's run folder), run in-process through
 * the one error printer. The failure is injected by wrapping node:fs/promises' writeFile: a
 * write to a temporary name writes half its bytes, then throws ENOSPC. About 3 s, and the
 * study's 12-case demo run twice (its second run reads the cache).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../kernel-lib/src/cli/main.js";
import { DemoRandom } from "../../kernel-lib/src/demo/prng.js";
import { writeFileAtomic } from "../../kernel-lib/src/io/output-file.js";
import { figuresFromStudyResult } from "../../kernel-lib/src/plots/study-result.js";
import { writeFixtures } from "./fixtures.js";

const disk = vi.hoisted(() => ({ full: false }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const writeFile: typeof fs.writeFile = async (path, data, options) => {
    if (disk.full && String(path).endsWith(".tmp")) {
      const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data as Uint8Array);
      await fs.writeFile(path, bytes.subarray(0, bytes.length >> 1));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }
    return fs.writeFile(path, data, options);
  };
  return { ...fs, default: { ...fs, writeFile }, writeFile };
});

let dir: string;
let errors: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radlab-mid-write-"));
  writeFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  disk.full = false;
  errors = [];
  vi.spyOn(console, "error").mockImplementation((text: string) => errors.push(text));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});

/** Runs a command twice: once normally, then with the disk full; the first run's files must survive. */
async function failsWithoutDamage(argv: string[], outputs: string[]): Promise<void> {
  expect(await main(argv), errors.join("\n")).toBe(0);
  const before = outputs.map((file) => readFileSync(file));
  disk.full = true;
  expect(await main(argv)).toBe(2);
  expect(errors.at(-1)).toMatch(/could not be written \(ENOSPC: no space left on device, write\); any earlier file there is unchanged/);
  for (const [n, file] of outputs.entries()) expect(readFileSync(file).equals(before[n]), file).toBe(true);
  const folders = new Set(outputs.map((file) => join(file, "..")));
  for (const folder of folders) expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
}

describe("a write that fails half-way destroys nothing", () => {
  it("writeFileAtomic: the earlier file stays, the temporary one is removed; 20 concurrent writes of one path all land", async () => {
    const file = join(dir, "atomic.txt");
    await writeFileAtomic(file, "earlier result\n");
    disk.full = true;
    await expect(writeFileAtomic(file, "x".repeat(1000))).rejects.toThrow(`${file}: could not be written`);
    expect(readFileSync(file, "utf8")).toBe("earlier result\n");
    disk.full = false;
    await Promise.all(Array.from({ length: 20 }, (_, n) => writeFileAtomic(file, `writer ${n}\n`)));
    expect(readFileSync(file, "utf8")).toMatch(/^writer \d+\n$/);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("radlab extract --manifest: table, failures report and provenance", async () => {
    writeFileSync(join(dir, "m.csv"), "id,image,mask\nP1,image.nii.gz,mask.nii.gz\n");
    const out = join(dir, "extract", "features.csv");
    await failsWithoutDamage(
      ["extract", "--manifest", join(dir, "m.csv"), "--out", out, "--workers", "1", "--no-cache"],
      [out, join(dir, "extract", "features.failures.csv"), join(dir, "extract", "features.provenance.json")],
    );
  });

  it("radlab model and radlab figures (its tables, written before any figure)", async () => {
    const table = join(dir, "study.csv");
    writeFileSync(table, syntheticStudyTable());
    const result = join(dir, "model", "result.json");
    await failsWithoutDamage(
      ["model", "--features", table, "--outcome", "outcome", "--split", "set", "--out", result, "--bootstrap", "0", "--nfolds", "3"],
      [result],
    );
    // figures: earlier table files in the folder survive a failed run.
    disk.full = false;
    const out = join(dir, "figures");
    const names = Object.keys(figuresFromStudyResult(JSON.parse(readFileSync(result, "utf8"))).tables);
    expect(names.length).toBeGreaterThan(0);
    mkdirSync(out);
    const earlier = names.map((name) => join(out, `${name}.csv`));
    for (const file of earlier) writeFileSync(file, "earlier table\n");
    disk.full = true;
    expect(await main(["figures", "--result", result, "--out", out, "--format", "svg"])).toBe(2);
    for (const file of earlier) expect(readFileSync(file, "utf8")).toBe("earlier table\n");
    expect(readdirSync(out).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("radlab demo-data: manifest, clinical table, description and images", async () => {
    const out = join(dir, "demo");
    const files = ["manifest.csv", "clinical.csv", "cohort.json", "images/NPC001_T2.nii.gz", "masks/NPC001_mask.nii.gz"].map((f) => join(out, f));
    await failsWithoutDamage(["demo-data", "--out", out, "--cases", "4", "--seed", "11"], files);
  });

  it("radlab study --no-figures: the feature table, its companions and the result of the earlier run", async () => {
    const data = join(dir, "study");
    const study = join(data, "demo-study");
    const files = ["features.csv", "features.failures.csv", "features.provenance.json", "result.json"].map((f) => join(study, f));
    await failsWithoutDamage(["study", "--data", data, "--cases", "12", "--workers", "1", "--no-figures"], files);
  });

  it("radlab slurm extract: the run folder's settings and scripts of an earlier submission survive (the write fails before sbatch)", async () => {
    writeFileSync(join(dir, "m2.csv"), "id,image,mask\nP1,image.nii.gz,mask.nii.gz\nP2,image.nii.gz,mask.nii.gz\n");
    const runFolder = join(dir, "slurm", "features.slurm");
    mkdirSync(runFolder, { recursive: true });
    const earlier = ["settings.json", "extract.sbatch", "merge.sbatch"].map((name) => join(runFolder, name));
    for (const file of earlier) writeFileSync(file, "earlier submission\n");
    disk.full = true;
    const argv = ["slurm", "extract", "--manifest", join(dir, "m2.csv"), "--shards", "2", "--out", join(dir, "slurm", "features.csv")];
    expect(await main(argv)).toBe(2);
    expect(errors.at(-1)).toMatch(/settings\.json: could not be written \(ENOSPC/);
    for (const file of earlier) expect(readFileSync(file, "utf8"), file).toBe("earlier submission\n");
    expect(readdirSync(runFolder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("radlab slurm extract: a run folder that cannot be made is refused before anything is written or submitted", async () => {
    const out = join(dir, "blocked", "features.csv");
    mkdirSync(join(dir, "blocked"));
    writeFileSync(join(dir, "blocked", "features.slurm"), "a file where the run folder goes\n");
    expect(await main(["slurm", "extract", "--manifest", join(dir, "m2.csv"), "--shards", "1", "--out", out])).toBe(2);
    expect(errors.at(-1)).toMatch(/--out's run folder .*blocked\/features\.slurm: is an existing file; give a folder path/);
    expect(readdirSync(join(dir, "blocked"))).toEqual(["features.slurm"]);
  });
});

/** 60 patients, 5 features, the outcome driven by f1 and f2 (seeded): enough for a small LASSO-CV. */
function syntheticStudyTable(): string {
  const random = new DemoRandom(1515);
  const lines = ["id,set,outcome,f1,f2,f3,f4,f5"];
  for (let n = 0; n < 60; n++) {
    const f = Array.from({ length: 5 }, () => random.normal());
    const outcome = f[0] + 0.7 * f[1] + 0.8 * random.normal() > 0 ? 1 : 0;
    lines.push([`P${n + 1}`, n < 40 ? "training" : "validation", outcome, ...f.map((v) => v.toFixed(6))].join(","));
  }
  return `${lines.join("\n")}\n`;
}
