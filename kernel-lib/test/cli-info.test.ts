import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { describeOracle, REPO_ROOT, ref } from "./reference.js";

const run = promisify(execFile);
const radlab = join(REPO_ROOT, "kernel-lib/bin/radlab.js");

describeOracle("radlab info (built CLI, as a user runs it)", () => {
  it("reports 74 ROI voxels on the IBSI phantom", async () => {
    const { stdout } = await run("node", [
      radlab,
      "info",
      ref("ibsi/digital_phantom/phantom.nii.gz"),
      "--mask",
      ref("ibsi/digital_phantom/mask.nii.gz"),
      "--json",
    ]);
    const info = JSON.parse(stdout);
    expect(info.size).toEqual([5, 4, 4]);
    expect(info.roi.voxelCount).toBe(74);
    expect(info.roi.intensity).toEqual({ min: 1, max: 6 });
    expect(info.intensity).toEqual({ min: 1, max: 9 });
  });

  it("exits 2 with a message naming both files when the mask is on another grid", async () => {
    const error = await run("node", [radlab, "info", ref("pyradiomics/data/breast1_image.nrrd"), "--mask", ref("ibsi/digital_phantom/mask.nii.gz")]).catch(
      (e) => e,
    );
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("breast1_image.nrrd");
    expect(error.stderr).toContain("mask.nii.gz");
    expect(error.stderr).toMatch(/is not on the grid/);
  });
});
