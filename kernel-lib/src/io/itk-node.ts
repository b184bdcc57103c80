/**
 * The Node entry of radlab's itk-wasm access (see itk.ts): itk-wasm's *Node functions, which read
 * and write files by path. The in-browser kernel's build replaces this module with itk-browser.ts.
 *
 * Lazy: itk-wasm's packages are ESM with top-level await, which a tslab cell (compiled to
 * CommonJS, loading us through require) cannot load directly (ERR_REQUIRE_ASYNC_MODULE). Loading
 * them with a real dynamic import() from inside this ESM module hides that from notebooks:
 * callers just `await readVolume(...)`.
 */

import type * as Dicom from "@itk-wasm/dicom";
import type * as ImageIo from "@itk-wasm/image-io";
import type { ItkImage } from "./itk.js";

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

/** Reads one image file (MetaImage, a DICOM file, any format ITK reads) by its path. */
export async function readItkImage(file: string): Promise<ItkImage> {
  return (await (await loadImageIo()).readImageNode(file)) as unknown as ItkImage;
}

/** Reads DICOM files as one series (GDCM sorts the slices by position; `singleSortedSeries`: whatever their series UIDs). */
export async function readItkDicomSeries(files: string[], singleSortedSeries: boolean): Promise<ItkImage> {
  const { outputImage } = await (await loadDicom()).readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries });
  return outputImage as unknown as ItkImage;
}

/** Writes an image in the format its file ending names, compressed where the format allows. */
export async function writeItkImage(image: ItkImage, file: string): Promise<void> {
  await (await loadImageIo()).writeImageNode(image as never, file, { useCompression: true });
}
