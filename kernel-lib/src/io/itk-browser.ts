/**
 * The browser entry of radlab's itk-wasm access (see itk.ts), which the in-browser kernel's build
 * puts in place of itk-node.ts: itk-wasm's browser functions, given a file's bytes as read from
 * the kernel's file system (`node:fs` there is the site's files, the lab's drive and memory).
 *
 * Only the pipelines radlab reads and writes with are used, each by name rather than through
 * image-io's readImage (which would try every format's pipeline on a name it does not know):
 * MetaImage (metaReadImage), a DICOM file or a DICOM-SEG's compressed frames (gdcmReadImage,
 * GDCM), and a DICOM series (readImageDicomFileSeries); NIfTI and NRRD are read by radlab's
 * native readers and never get here. Volumes are written as NRRD, NIfTI or MetaImage
 * (nrrdWriteImage, niftiWriteImage, metaWriteImage). Every pipeline runs in the kernel's own worker (`webWorker: false`): the kernel is
 * already off the page's thread, and one instance of each pipeline serves the whole session.
 * Where the pipelines come from (the site, never a CDN) is the kernel's business
 * (widgets/src/kernel/itk-pipelines.ts).
 */

import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { readImageDicomFileSeries, readImageDicomFileSeriesWorkerFunction } from "@itk-wasm/dicom";
import { gdcmReadImage, metaReadImage, metaWriteImage, niftiWriteImage, nrrdWriteImage } from "@itk-wasm/image-io";
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

/**
 * The writers the browser kernel ships, by file ending: the formats a notebook writes a volume
 * in (rl.writeVolume), one file each (a .nhdr or .mhd would name a second file for its voxels).
 */
const WRITERS: [ending: string, format: string, write: typeof nrrdWriteImage][] = [
  [".nrrd", "NRRD", nrrdWriteImage],
  [".nii.gz", "NIfTI", niftiWriteImage],
  [".nii", "NIfTI", niftiWriteImage],
  [".mha", "MetaImage", metaWriteImage],
];

/**
 * Writes a volume through ITK's writer for its file ending (compressed, as the Node entry
 * writes), into the kernel's file system: the same writers as server mode's, so the same bytes.
 */
export async function writeItkImage(image: ItkImage, file: string): Promise<void> {
  const lower = file.toLowerCase();
  const writer = WRITERS.find(([ending]) => lower.endsWith(ending));
  if (!writer)
    throw new Error(
      `writing ${basename(file)}: the browser kernel writes volumes as ${WRITERS.map(([ending]) => ending).join(", ")} (one file each); name the file with one of these endings`,
    );
  const [, format, write] = writer;
  const { couldWrite, serializedImage } = await write(image as never, basename(file), { useCompression: true, webWorker: false });
  if (!couldWrite) throw new Error(`writing ${basename(file)}: ITK's ${format} writer could not write this volume`);
  await writeFile(file, serializedImage.data);
}
