import { dirname, resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import type { Grid, VoxelArray } from "../types.js";
import { type ItkImage, quietItk, writeItkImage } from "./itk.js";
import { makeFolder } from "./output-file.js";

const COMPONENT_TYPES: Record<string, string> = {
  Int8Array: "int8",
  Uint8Array: "uint8",
  Int16Array: "int16",
  Uint16Array: "uint16",
  Int32Array: "int32",
  Uint32Array: "uint32",
  Float32Array: "float32",
  Float64Array: "float64",
};

/** Builds the itk-wasm Image of a grid and its voxels. */
export function toItkImage(grid: Grid, data: VoxelArray, name = "image"): ItkImage {
  return {
    imageType: { dimension: 3, componentType: COMPONENT_TYPES[data.constructor.name], pixelType: "Scalar", components: 1 },
    name,
    origin: [...grid.origin],
    spacing: [...grid.spacing],
    direction: Float64Array.from(grid.direction),
    size: [...grid.size],
    metadata: new Map(),
    data,
  };
}

/**
 * Writes a volume (or a mask) in the format its file ending names (.nii.gz, .nrrd, .mha …),
 * compressed where the format allows. Creates the folder.
 */
export async function writeVolume(volume: Grid & { data: VoxelArray }, path: string): Promise<void> {
  const file = resolve(path);
  await makeFolder(dirname(file), (what) => {
    throw new RadlabInputError(`${file}: ${what}`, file);
  });
  await quietItk(() => writeItkImage(toItkImage(volume, volume.data), file));
}
