/**
 * radlab's one way to itk-wasm. Two entries read and write through it, in ITK-Wasm's own
 * pattern (a portable entry and a Node entry): itk-node.ts (Node: itk-wasm's *Node functions,
 * which take paths) and itk-browser.ts (the in-browser kernel: itk-wasm's browser functions,
 * given the bytes of a file of the kernel's file system). The browser kernel's build maps the
 * first to the second (widgets/scripts/build-browser-kernel.mjs); everything else here is the
 * same in both: callers read `readItkImage`, `readItkDicomSeries`, `writeItkImage`.
 */

export { readItkDicomSeries, readItkImage, writeItkImage } from "./itk-node.js";

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
