/**
 * A cohort case's files are read once: the runner hashes a file's bytes for its cache key and
 * hands the same bytes to the case job, which decodes them (readVolume/readMask `bytes`)
 * without opening the file again. Shown by decoding from bytes whose file no longer exists,
 * and by a case job on such files giving the values of a job that reads them.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCaseJob } from "../src/features/case-job.js";
import { featureNames } from "../src/features/catalog.js";
import { DEFAULT_SETTINGS } from "../src/features/settings.js";
import { readMask } from "../src/io/read-mask.js";
import { readVolume } from "../src/io/read-volume.js";
import { describeOracle, ref } from "./reference.js";

/** A copy of a file that is deleted again, and the bytes it held. */
function bytesOfVanishedCopy(source: string, name: string): { path: string; bytes: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), "radlab-read-once-"));
  const path = join(dir, name);
  copyFileSync(source, path);
  const bytes = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  return { path, bytes };
}

describeOracle("reading a case's files once", () => {
  const phantom = ref("ibsi", "digital_phantom", "phantom.nii.gz");
  const phantomMask = ref("ibsi", "digital_phantom", "mask.nii.gz");

  it("readVolume and readMask decode the bytes given (NIfTI and NRRD), not the file", async () => {
    const image = bytesOfVanishedCopy(phantom, "phantom.nii.gz");
    const fromBytes = await readVolume(image.path, { bytes: image.bytes });
    const fromFile = await readVolume(phantom);
    expect(Array.from(fromBytes.data)).toEqual(Array.from(fromFile.data));
    expect([fromBytes.size, fromBytes.spacing, fromBytes.origin]).toEqual([fromFile.size, fromFile.spacing, fromFile.origin]);
    await expect(readVolume(image.path)).rejects.toThrow(/file not found/);
    const mask = bytesOfVanishedCopy(phantomMask, "mask.nii.gz");
    expect((await readMask(mask.path, { bytes: mask.bytes, image: fromBytes })).voxelCount).toBe(74);

    const nrrd = bytesOfVanishedCopy(ref("pyradiomics", "data", "breast1_label.nrrd"), "label.nrrd");
    const labels = await readVolume(nrrd.path, { bytes: nrrd.bytes });
    expect(labels.size).toEqual((await readVolume(ref("pyradiomics", "data", "breast1_label.nrrd"))).size);
  });

  it("a case job given the hashed bytes computes the values of one that reads the files", async () => {
    const columns = featureNames(DEFAULT_SETTINGS.families);
    const base = { index: 0, id: "P1", label: "auto" as const, inputHashes: { image: "-", mask: "-" } };
    const image = bytesOfVanishedCopy(phantom, "phantom.nii.gz");
    const mask = bytesOfVanishedCopy(phantomMask, "mask.nii.gz");
    const fromBytes = await runCaseJob(
      { ...base, image: image.path, mask: mask.path, bytes: { image: image.bytes, mask: mask.bytes } },
      DEFAULT_SETTINGS,
      columns,
    );
    const fromFiles = await runCaseJob({ ...base, image: phantom, mask: phantomMask }, DEFAULT_SETTINGS, columns);
    expect(fromBytes.ok, fromBytes.ok ? "" : fromBytes.reason).toBe(true);
    expect(fromFiles.ok).toBe(true);
    if (fromBytes.ok && fromFiles.ok) expect(Array.from(fromBytes.values)).toEqual(Array.from(fromFiles.values));
  });
});

it("without bytes a missing file is still named", async () => {
  await expect(readVolume("/nonexistent/x.nii.gz")).rejects.toThrow("/nonexistent/x.nii.gz: file not found");
});
