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

/** The lines itk-wasm's runPipeline prints itself when a pipeline throws (run-pipeline-emscripten.ts). */
const ITK_PIPELINE_NOISE = /^(Exception while running pipeline:|stdout:|stderr:|exception:|Build module in Debug mode)/;

let quieted = 0;
let captured: string[] = [];
let original: { log: typeof console.log; error: typeof console.error } | undefined;

/**
 * Runs an itk-wasm call with its own failure printout held back: when a pipeline throws,
 * itk-wasm writes "Exception while running pipeline:", the pipeline's stderr and "Build module
 * in Debug mode for exception message information." to the console, and rethrows a bare
 * number. Here those lines are captured instead (anything else printed meanwhile passes
 * through), and a failure is rethrown as an Error carrying the pipeline's stderr, so the
 * caller's message says what ITK said and a test run stays quiet.
 */
export async function quietItk<T>(run: () => Promise<T>): Promise<T> {
  if (quieted++ === 0) {
    original = { log: console.log, error: console.error };
    captured = [];
    const filter =
      (write: (...args: unknown[]) => void) =>
      (...args: unknown[]) => {
        if (typeof args[0] === "string" && ITK_PIPELINE_NOISE.test(args[0])) captured.push(args.map(String).join(" "));
        else write(...args);
      };
    console.log = filter(original.log);
    console.error = filter(original.error);
  }
  try {
    return await run();
  } catch (error) {
    const said = captured
      .filter((line) => line.startsWith("stderr:") || line.startsWith("exception:"))
      .map((line) => line.replace(/^\w+:\s*/, "").trim())
      .filter((line) => line !== "");
    if (error instanceof Error) throw error;
    throw new Error(said.length > 0 ? said.join("; ") : `itk-wasm pipeline failed (code ${String(error)})`);
  } finally {
    if (--quieted === 0 && original) {
      console.log = original.log;
      console.error = original.error;
      original = undefined;
    }
  }
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
