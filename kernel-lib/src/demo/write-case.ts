import { join } from "node:path";
import { writeNifti } from "../io/write-nifti.js";
import type { DemoCase } from "./design.js";
import { DEMO_GRID, synthesiseCase } from "./phantom.js";

/** Synthesises one case and writes its image and mask under `folder`. */
export async function writeDemoCase(folder: string, seed: number, c: Pick<DemoCase, "id" | "stream" | "outcome">): Promise<void> {
  const { image, mask } = synthesiseCase(seed, c.stream, c.outcome);
  await writeNifti({ ...DEMO_GRID, data: image }, join(folder, "images", `${c.id}_T2.nii.gz`), `radlab demo ${c.id} T2WI`);
  await writeNifti({ ...DEMO_GRID, data: mask }, join(folder, "masks", `${c.id}_mask.nii.gz`), `radlab demo ${c.id} tumour`);
}
