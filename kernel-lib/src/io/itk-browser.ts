/**
 * The browser entry of radlab's itk-wasm access (see itk.ts), which the in-browser kernel's build
 * puts in place of itk-node.ts: itk-wasm's browser functions, given a file's bytes as read from
 * the kernel's file system (`node:fs` there is the site's files, the lab's drive and memory).
 *
 * Only the pipelines radlab reads with are used, each by name rather than through image-io's
 * readImage (which would try every format's pipeline on a name it does not know): MetaImage
 * (metaReadImage), a DICOM file or a DICOM-SEG's compressed frames (gdcmReadImage, GDCM), and
 * a DICOM series (readImageDicomFileSeries). NIfTI and NRRD never get here (radlab's native
 * readers). Every pipeline runs in the kernel's own worker (`webWorker: false`): the kernel is
 * already off the page's thread, and one instance of each pipeline serves the whole session.
 * Where the pipelines come from (the site, never a CDN) is the kernel's business
 * (widgets/src/kernel/itk-pipelines.ts).
 */

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { readImageDicomFileSeries, readImageDicomFileSeriesWorkerFunction } from "@itk-wasm/dicom";
import { gdcmReadImage, metaReadImage } from "@itk-wasm/image-io";
import type { ItkImage } from "./itk.js";

/** A file of the kernel's file system as itk-wasm's browser functions take it. */
async function binaryFile(file: string): Promise<{ path: string; data: Uint8Array }> {
  return { path: basename(file), data: new Uint8Array(await readFile(file)) };
}

/**
 * Reads a MetaImage (.mha, or .mhd whose data are in the header's file) or a DICOM file. A .mhd
 * whose voxels are in a separate file cannot be read here (the pipeline is given one file's
 * bytes): the error says so.
 */
export async function readItkImage(file: string): Promise<ItkImage> {
  const input = await binaryFile(file);
  const lower = file.toLowerCase();
  const metaImage = lower.endsWith(".mha") || lower.endsWith(".mhd");
  if (metaImage) {
    const dataFile = /^ElementDataFile\s*=\s*(.+?)\s*$/m.exec(new TextDecoder("latin1").decode(input.data.subarray(0, 4096)))?.[1];
    if (dataFile && dataFile !== "LOCAL")
      throw new Error(
        `its voxels are in another file (ElementDataFile = ${dataFile}), which the browser kernel does not read: write the volume as one .mha file`,
      );
  }
  const read = metaImage ? metaReadImage : gdcmReadImage;
  const { couldRead, image } = await read(input, { webWorker: false });
  if (!couldRead || !image) throw new Error(`ITK's ${metaImage ? "MetaImage" : "GDCM"} reader could not read ${basename(file)}`);
  return image as unknown as ItkImage;
}

/**
 * itk-wasm's WorkerPool as readImageDicomFileSeries uses it (runTasks), running every task in
 * this worker, one after the other, instead of in Web Workers of its own.
 */
const inThisWorker = {
  runTasks(taskArgsArray: [unknown, unknown, { webWorker?: unknown }][]) {
    const promise = (async () => {
      const results: unknown[] = [];
      for (const [inputs, singleSortedSeries, options] of taskArgsArray) {
        const { webWorker: _none, ...result } = await readImageDicomFileSeriesWorkerFunction(inputs as never, singleSortedSeries as boolean, {
          ...options,
          webWorker: false as never,
        });
        results.push(result);
      }
      return results;
    })();
    return { promise, runId: 0 };
  },
} as unknown as NonNullable<Parameters<typeof readImageDicomFileSeries>[0]>["webWorkerPool"];

/** Reads DICOM files as one series (GDCM sorts the slices by position; `singleSortedSeries`: whatever their series UIDs). */
export async function readItkDicomSeries(files: string[], singleSortedSeries: boolean): Promise<ItkImage> {
  const inputImages = await Promise.all(files.map(binaryFile));
  const { outputImage } = await readImageDicomFileSeries({ inputImages, singleSortedSeries, webWorkerPool: inThisWorker });
  return outputImage as unknown as ItkImage;
}

/** Writing volumes needs itk-wasm's writers, which the browser kernel does not ship (radlab's notebooks write none). */
export async function writeItkImage(_image: ItkImage, file: string): Promise<void> {
  throw new Error(
    `writing ${basename(file)}: the browser kernel does not write volumes (ITK's writers are not part of the site); use the lab in server mode for this`,
  );
}
