/**
 * Sharded extraction on a real single-node Slurm cluster (Debian slurm-wlm + munge, started
 * once for this file by test/slurm/cluster.sh on its own ports, munge socket and scratch
 * folder): the 142-case demo cohort in 4 and 7 shards merges to exactly the single-machine
 * table; a case file removed between submission and run fails that case only, and a rerun
 * computes only it; scancel leaves nothing a merge would accept. No mocks: sbatch, squeue,
 * scontrol and scancel are Slurm's own. About 1–2 min on 2 idle cores (the demo cohort itself
 * is ~16 s CPU, the 142-case extraction ~5 s CPU per run).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import * as aq from "arquero";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPart } from "../../kernel-lib/src/scale/part.js";
import { readSubmission, waitForSlurmExtraction } from "../../kernel-lib/src/scale/slurm.js";
// @ts-expect-error: a plain ESM script without types
import { findJupyterPython } from "../../scripts/notebooks.mjs";

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const RADLAB = join(ROOT, "kernel-lib/bin/radlab.js");
const CLUSTER = join(ROOT, "test/slurm/cluster.sh");
const work = mkdtempSync(join(tmpdir(), "radlab-slurm-e2e-"));
const clusterDir = join(work, "cluster");
const demo = join(work, "demo");

/** Slurm's commands in this process (the library's) and in children find our cluster only. */
process.env.RADLAB_SLURM_DIR = clusterDir;
process.env.SLURM_CONF = join(clusterDir, "slurm.conf");

async function radlab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [RADLAB, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every column of a table file as strings of Float64 bits (numbers) or text, for a column-by-column comparison. */
function columnsOf(file: string): Map<string, string[]> {
  const table = file.endsWith(".arrow") ? aq.fromArrow(readFileSync(file)) : aq.fromCSV(readFileSync(file, "utf8"));
  const hex = (v: unknown) => (typeof v === "number" ? Buffer.from(new Float64Array([v]).buffer).toString("hex") : String(v));
  return new Map(table.columnNames().map((name) => [name, Array.from(table.array(name) as ArrayLike<unknown>, hex)]));
}

function expectSameColumns(actual: string, expected: string) {
  const a = columnsOf(actual);
  const e = columnsOf(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [name, values] of e) expect(a.get(name), `column ${name}`).toEqual(values);
}

function jobId(stdout: string, kind: "array" | "merge"): string {
  const match = new RegExp(`${kind} job (\\d+)`).exec(stdout);
  if (!match) throw new Error(`no ${kind} job id in:\n${stdout}`);
  return match[1];
}

async function squeueEmpty(): Promise<void> {
  for (;;) {
    const { stdout } = await exec("squeue", ["-h", "-o", "%i %T"], { encoding: "utf8" });
    if (stdout.trim() === "") return;
    await new Promise((done) => setTimeout(done, 300));
  }
}

beforeAll(async () => {
  await exec(CLUSTER, ["start"], { encoding: "utf8" });
  expect((await radlab("demo-data", "--out", demo)).code).toBe(0);
  const single = await radlab(
    "extract",
    "--manifest",
    join(demo, "manifest.csv"),
    "--out",
    join(work, "single", "features.csv"),
    "--workers",
    "2",
    "--no-cache",
  );
  expect(single.code, single.stderr).toBe(0);
  // A 20-case manifest beside the full one (same relative paths) for the failure tests.
  const lines = readFileSync(join(demo, "manifest.csv"), "utf8").trim().split("\n");
  writeFileSync(join(demo, "manifest20.csv"), `${lines.slice(0, 21).join("\n")}\n`);
}, 600_000);

afterAll(async () => {
  await exec(CLUSTER, ["stop"], { encoding: "utf8" });
  // Nothing left running: every daemon's PID file is gone and its process with it.
  const leftovers = readdirSync(clusterDir).filter((name) => name.endsWith(".pid"));
  rmSync(work, { recursive: true, force: true });
  expect(leftovers).toEqual([]);
}, 120_000);

describe("radlab slurm extract on a real cluster", () => {
  it.each([
    [4, "features.csv"],
    [7, "features.arrow"],
  ])("the demo cohort in %i shards merges to the single-machine table, column by column, bit for bit (%s)", async (shards, name) => {
    const out = join(work, `run${shards}`, name);
    const result = await radlab(
      "slurm",
      "extract",
      "--manifest",
      join(demo, "manifest.csv"),
      "--shards",
      String(shards),
      "--out",
      out,
      "--cpus-per-task",
      "1",
      "--wait",
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`array job \\d+: ${shards} of ${shards} shards \\(142 cases\\)`));
    expect(result.stdout).toMatch(/merge job \d+ \(after the array job succeeds\)/);
    expect(result.stdout).toMatch(/squeue -j \d+,\d+/);
    expect(result.stdout).toMatch(/merged: 142 of 142 cases/);
    expectSameColumns(out, join(work, "single", "features.csv"));
    if (name.endsWith(".csv")) expect(readFileSync(out, "utf8")).toBe(readFileSync(join(work, "single", "features.csv"), "utf8"));
    const provenance = JSON.parse(readFileSync(out.replace(/\.(csv|arrow)$/, ".provenance.json"), "utf8"));
    expect(provenance.parts).toHaveLength(shards);
    expect(provenance.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    const script = readFileSync(join(work, `run${shards}`, "features.slurm", "extract.sbatch"), "utf8");
    expect(script).toMatch(/#SBATCH --job-name=radlab-extract/);
    expect(script).toMatch(/--shard auto --shards \d+/);
  });

  it("refuses to merge parts of runs split differently, and a missing shard, naming the files", async () => {
    const parts4 = readdirSync(join(work, "run4", "features.slurm", "parts")).map((f) => join(work, "run4", "features.slurm", "parts", f));
    const parts7 = readdirSync(join(work, "run7", "features.slurm", "parts")).map((f) => join(work, "run7", "features.slurm", "parts", f));
    const mixed = await radlab("merge", ...parts4, parts7[0], "--out", join(work, "mixed.csv"));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/parts with different numbers of shards: 4 shards: .*part-000-of-004\.json.*; 7 shards: .*part-000-of-007\.json/);
    const missing = await radlab("merge", parts4[0], parts4[1], parts4[3], "--out", join(work, "missing.csv"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 2 of 4 missing: no part given holds it/);
    expect(existsSync(join(work, "missing.csv"))).toBe(false);
  });

  it("a case file removed after submission fails that case only (id and file); a rerun computes only it", async () => {
    const out = join(work, "run-fail", "features.csv");
    const manifest = join(demo, "manifest20.csv");
    const args = ["slurm", "extract", "--manifest", manifest, "--shards", "4", "--out", out, "--cpus-per-task", "1"];
    // Held at submission, so the file can go missing between submission and run.
    const submitted = await radlab(...args, "--sbatch-arg=--hold");
    expect(submitted.code, submitted.stderr).toBe(0);
    const image = join(demo, "images", "NPC007_T2.nii.gz");
    renameSync(image, `${image}.away`);
    try {
      await exec("scontrol", ["release", jobId(submitted.stdout, "array"), jobId(submitted.stdout, "merge")]);
      const outcome = await waitForSlurmExtraction(readSubmission(out), { pollSeconds: 0.5 });
      expect(outcome.merged).toBe(true);
      expect(outcome.failures).toEqual([expect.objectContaining({ id: "NPC007", file: image })]);
      expect(outcome.incompleteShards).toEqual([1]);
    } finally {
      renameSync(`${image}.away`, image);
    }
    const table = aq.fromCSV(readFileSync(out, "utf8"));
    const ids = Array.from({ length: 20 }, (_, n) => `NPC${String(n + 1).padStart(3, "0")}`);
    expect(table.array("id")).toEqual(ids.filter((id) => id !== "NPC007"));
    expect(readFileSync(out.replace(".csv", ".failures.csv"), "utf8")).toMatch(new RegExp(`^NPC007,${image},"case NPC007: cannot read`, "m"));

    const rerun = await radlab(...args, "--wait");
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/array job \d+: 1 of 4 shards \(20 cases\); 3 shards already complete/);
    const part = await readPart(join(work, "run-fail", "features.slurm", "parts", "part-001-of-004.json"));
    expect({ computed: part.computed, cached: part.cached, failures: part.failures }).toEqual({ computed: 1, cached: 4, failures: [] });
    const merged = columnsOf(out);
    const single = columnsOf(join(work, "single", "features.csv"));
    for (const [name, values] of merged) if (name.includes("_")) expect(values, `column ${name}`).toEqual(single.get(name)?.slice(0, 20));
    expect(merged.get("id")).toEqual(ids);
  });

  it("scancel leaves no part a merge would accept; a rerun completes the cancelled shards", async () => {
    const out = join(work, "run-cancel", "features.csv");
    const args = ["slurm", "extract", "--manifest", join(demo, "manifest.csv"), "--shards", "2", "--out", out, "--cpus-per-task", "1"];
    const submitted = await radlab(...args, "--sbatch-arg=--hold");
    expect(submitted.code, submitted.stderr).toBe(0);
    const array = jobId(submitted.stdout, "array");
    await exec("scontrol", ["release", array, jobId(submitted.stdout, "merge")]);
    // Cancel once both tasks run (each has 71 cases, a few seconds of work).
    for (;;) {
      const { stdout } = await exec("squeue", ["-h", "-r", "-j", array, "-o", "%T"], { encoding: "utf8" });
      if (
        stdout
          .trim()
          .split("\n")
          .filter((s) => s === "RUNNING").length === 2
      )
        break;
      await new Promise((done) => setTimeout(done, 100));
    }
    await new Promise((done) => setTimeout(done, 800));
    await exec("scancel", [array]);
    await squeueEmpty();
    const partsDir = join(work, "run-cancel", "features.slurm", "parts");
    const files = readdirSync(partsDir);
    // Whatever a cancelled task left is a temporary file, never a part; the merge (cancelled with its dependency) wrote nothing.
    const parts = files.filter((f) => f.endsWith(".json"));
    for (const f of parts) await expect(readPart(join(partsDir, f))).resolves.toMatchObject({ format: "radlab-part" });
    expect(parts.length).toBeLessThan(2);
    expect(existsSync(out)).toBe(false);
    const merge = await radlab("merge", ...files.map((f) => join(partsDir, f)), "--out", join(work, "cancelled.csv"));
    expect(merge.code).not.toBe(0);
    expect(existsSync(join(work, "cancelled.csv"))).toBe(false);

    const rerun = await radlab(...args, "--wait");
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`array job \\d+: ${2 - parts.length} of 2 shards`));
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(work, "single", "features.csv"), "utf8"));
    expect(readdirSync(partsDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it.skipIf(!findJupyterPython() && process.env.CI !== "true")(
    "in a notebook: rl.slurmExtract(manifest, settings, { shards, wait: true }) shows its progress in place and returns the outcome",
    async () => {
      const out = join(work, "run-notebook", "features.csv");
      const cell = [
        `import * as rl from ${JSON.stringify(join(ROOT, "kernel-lib/dist/index.js"))};`,
        `const outcome = await rl.slurmExtract(${JSON.stringify(join(demo, "manifest20.csv"))}, rl.DEFAULT_SETTINGS, { shards: 2, out: ${JSON.stringify(out)}, wait: true, pollSeconds: 0.5 });`,
        'console.log("merged: " + outcome.merged + ", " + outcome.rows + " rows");',
      ];
      const notebook = {
        cells: [{ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: cell.join("\n") }],
        metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      const folder = join(work, "notebook");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "slurm.ipynb"), JSON.stringify(notebook));
      await exec(process.execPath, [join(ROOT, "scripts/notebooks.mjs"), join(folder, "slurm.ipynb"), "--out", join(folder, "out")], { timeout: 300_000 });
      const executed = JSON.parse(readFileSync(join(folder, "out", "slurm.ipynb"), "utf8"));
      const outputs: { output_type: string; data?: Record<string, string | string[]>; text?: string | string[] }[] = executed.cells[0].outputs;
      expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
      // nbformat may store a text as a list of lines.
      const textOf = (value: string | string[] | undefined) => [value ?? ""].flat().join("");
      // One display, updated in place to its final state (nbclient applies update_display_data).
      const displays = outputs.filter((o) => textOf(o.data?.["text/plain"]).startsWith("radlab slurm extract"));
      expect(displays).toHaveLength(1);
      expect(textOf(displays[0].data?.["text/plain"])).toBe("radlab slurm extract [####################] shards 2/2 · cases 20/20 · ended");
      expect(textOf(displays[0].data?.["text/html"])).toMatch(/<progress max="100" value="100"/);
      expect(outputs.map((o) => textOf(o.text)).join("")).toMatch(/merged: true, 20 rows/);
    },
    300_000,
  );
});
