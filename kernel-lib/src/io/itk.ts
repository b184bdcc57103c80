/**
 * Lazy access to itk-wasm. Its packages are ESM with top-level await, which a tslab cell
 * (compiled to CommonJS, loading us through require) cannot load directly
 * (ERR_REQUIRE_ASYNC_MODULE). Loading them with a real dynamic import() from inside this
 * ESM module hides that from notebooks: callers just `await readVolume(...)`.
 */

import type * as Dicom from "@itk-wasm/dicom";
import type * as ImageIo from "@itk-wasm/image-io";

let imageIo: Promise<typeof ImageIo> | undefined;
let dicom: Promise<typeof Dicom> | undefined;

/** @itk-wasm/image-io, loaded once on first use. */
export function loadImageIo(): Promise<typeof ImageIo> {
  imageIo ??= import("@itk-wasm/image-io");
  return imageIo;
}

/** @itk-wasm/dicom, loaded once on first use. */
export function loadDicom(): Promise<typeof Dicom> {
  dicom ??= import("@itk-wasm/dicom");
  return dicom;
}

/** The subset of itk-wasm's Image that radlab reads and writes. */
export interface ItkImage {
  imageType: { dimension: number; componentType: string; pixelType: string; components: number };
  name?: string;
  origin: number[] | Float64Array;
  spacing: number[] | Float64Array;
  direction: Float64Array;
  size: number[];
  data: ArrayLike<number> | null;
  metadata?: Map<string, unknown>;
}
