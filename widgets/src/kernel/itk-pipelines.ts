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
 * same contract — a pipeline's name in, the instantiated Emscripten module out — with both
 * files' bytes from the cache and the .js imported from a blob: URL. The base URL itk-wasm
 * passes along (its CDN, as nothing sets another) is not used: a pipeline always comes from the
 * site, found from the assets URL the worker was configured with, so the kernel and every pool
 * worker (the same bundle) find them with no setting of their own. Pipelines load on first use
 * (the kernel is ready without them); an executable site also reads them in the background once
 * the kernel is ready (cacheItkPipelines), so DICOM and MHA read offline too.
 */
import { ZSTDDecoder } from "@thewtex/zstddec";
import { assetUrl, readAsset } from "./node/files.js";

/** The pipelines the site ships (named by the worker build, which copies them). */
declare const RADLAB_ITK_PIPELINES: string[];

/** The folder of the site's pipelines (`<assets>/itk`, no trailing slash). */
function sitePipelines(): string {
  const url = assetUrl("itk");
  if (url === "itk") throw new Error("the browser kernel's assets URL is not configured, so itk-wasm's pipelines cannot be found on the site");
  return url;
}

/** Reads every shipped pipeline into the asset cache (an executable site does, once the kernel is ready); resolves with the bytes read. */
export async function cacheItkPipelines(): Promise<number> {
  const folder = sitePipelines();
  const files = RADLAB_ITK_PIPELINES.flatMap((name) => [`${folder}/${name}.js`, `${folder}/${name}.wasm.zst`]);
  const read = await Promise.all(files.map(readAsset));
  return read.reduce((sum, bytes) => sum + bytes.length, 0);
}

const decoder = new ZSTDDecoder();
let decoderReady: Promise<void> | undefined;

/** What a pipeline's Emscripten module factory is given. */
interface ModuleArguments {
  wasmBinary: ArrayBuffer;
  locateFile: (name: string) => string;
}

/** Loads and instantiates the pipeline `name` from the site (itk-wasm's loader's contract; its base URL is not used, see above). */
export default async function loadPipelineModule(name: string): Promise<unknown> {
  const baseUrl = sitePipelines();
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
