/**
 * Where the in-browser kernel's itk-wasm pipelines come from: the site that serves the lab
 * (`<assets>/itk/<pipeline>.js` and `.wasm.zst`, the few radlab reads with, copied there by
 * widgets/scripts/build-browser-kernel.mjs), never itk-wasm's default CDN, and through the
 * kernel's asset cache (files.ts readAsset), so a pipeline read before the page went offline
 * still loads offline.
 *
 * The default export takes the place of itk-wasm's own loader of a pipeline in the current
 * thread (itk-wasm/dist/pipeline/internal/load-emscripten-module-main-thread.js, which fetches the
 * .wasm.zst with axios and imports the .js from its URL; the worker build maps it here): the
 * same contract — a pipeline's name and base URL in, the instantiated Emscripten module out —
 * with both files' bytes from the cache and the .js imported from a blob: URL. Pipelines load on
 * first use (the kernel is ready without them); an executable site also reads them in the
 * background once the kernel is ready (cacheItkPipelines), so DICOM and MHA read offline too.
 */
import { setPipelinesBaseUrl as setDicomPipelinesBaseUrl } from "@itk-wasm/dicom";
import { setPipelinesBaseUrl as setImageIoPipelinesBaseUrl } from "@itk-wasm/image-io";
import { ZSTDDecoder } from "@thewtex/zstddec";
import { assetUrl, readAsset } from "./node/files.js";

/** The pipelines the site ships (named by the worker build, which copies them). */
declare const RADLAB_ITK_PIPELINES: string[];

/** The folder of the site's pipelines, without a trailing slash (as itk-wasm joins it), once configured. */
let pipelinesUrl: string | undefined;

/** Points itk-wasm's image-io and dicom packages at the site's pipelines (`<assets>/itk`). */
export function configureItkPipelines(): void {
  pipelinesUrl = assetUrl("itk");
  setImageIoPipelinesBaseUrl(pipelinesUrl);
  setDicomPipelinesBaseUrl(pipelinesUrl);
}

/** The URLs of every shipped pipeline's two files. */
function pipelineFiles(): string[] {
  return RADLAB_ITK_PIPELINES.flatMap((name) => [`${pipelinesUrl}/${name}.js`, `${pipelinesUrl}/${name}.wasm.zst`]);
}

/** Reads every shipped pipeline into the asset cache (an executable site does, once the kernel is ready); resolves with the bytes read. */
export async function cacheItkPipelines(): Promise<number> {
  if (!pipelinesUrl) return 0;
  const read = await Promise.all(pipelineFiles().map(readAsset));
  return read.reduce((sum, bytes) => sum + bytes.length, 0);
}

const decoder = new ZSTDDecoder();
let decoderReady: Promise<void> | undefined;

/** What a pipeline's Emscripten module factory is given. */
interface ModuleArguments {
  wasmBinary: ArrayBuffer;
  locateFile: (name: string) => string;
}

/**
 * Loads and instantiates the pipeline `name` from `baseUrl` (itk-wasm's loader's contract). Only
 * the site's pipelines are loaded: any other base URL (a CDN) is refused, so nothing reaches the network.
 */
export default async function loadPipelineModule(name: string, baseUrl: string): Promise<unknown> {
  if (!pipelinesUrl || baseUrl !== pipelinesUrl)
    throw new Error(`radlab's browser kernel loads itk-wasm pipelines only from its site (${pipelinesUrl ?? "not configured"}), not ${baseUrl}`);
  const pipeline = name.replace(/\.(js|wasm|wasm\.zst)$/, "");
  if (!RADLAB_ITK_PIPELINES.includes(pipeline))
    throw new Error(`the itk-wasm pipeline ${pipeline} is not part of radlab's browser kernel (it ships ${RADLAB_ITK_PIPELINES.join(", ")})`);
  const [script, compressed] = await Promise.all([readAsset(`${baseUrl}/${pipeline}.js`), readAsset(`${baseUrl}/${pipeline}.wasm.zst`)]).catch(
    (error: Error) => {
      throw new Error(
        `itk-wasm's ${pipeline} pipeline could not be read from the site (${error.message}); it is read once, on first use, so this needs the site reachable`,
      );
    },
  );
  decoderReady ??= decoder.init();
  await decoderReady;
  const wasm = decoder.decode(compressed);
  const url = URL.createObjectURL(new Blob([script as BlobPart], { type: "text/javascript" }));
  try {
    const factory = (await import(/* @vite-ignore */ url)) as { default: (args: ModuleArguments) => Promise<unknown> };
    // the module finds its .wasm beside its script unless told otherwise, and a blob: URL has no "beside"
    return await factory.default({ wasmBinary: wasm.buffer as ArrayBuffer, locateFile: (file) => file });
  } finally {
    URL.revokeObjectURL(url);
  }
}
