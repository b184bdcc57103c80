/**
 * The JupyterLab plugin that registers radlab's in-browser kernel with JupyterLite's kernel
 * specs, and a kernel client whose interrupt reaches the kernel (JupyterLite's own only
 * cancels the cells waiting behind the running one).
 */
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IServerSettings, type ServerConnection } from "@jupyterlab/services";
import { type IKernel, IKernelClient, IKernelSpecs, LiteKernelClient } from "@jupyterlite/services";
import { RADLAB_KERNEL_DISPLAY_NAME, RADLAB_KERNEL_NAME } from "./kernel-info.js";
import { RadlabKernel } from "./lite-kernel.js";

/** Where the site keeps radlab's own static files (the worker bundle, plotly.min.js). */
export const RADLAB_ASSETS = "static/radlab/";

export const radlabKernelPlugin: JupyterFrontEndPlugin<void> = {
  id: "@radlab/widgets:browser-kernel",
  description: "radlab's TypeScript kernel in a Web Worker",
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (_app, specs: IKernelSpecs) => {
    const base = PageConfig.getBaseUrl();
    const assetsUrl = URLExt.join(base, RADLAB_ASSETS);
    specs.register({
      spec: {
        name: RADLAB_KERNEL_NAME,
        display_name: RADLAB_KERNEL_DISPLAY_NAME,
        language: "typescript",
        argv: [],
        resources: {},
      },
      create: async (options: IKernel.IOptions) =>
        new RadlabKernel(options, {
          workerUrl: URLExt.join(assetsUrl, "radlab-kernel-worker.js"),
          filesUrl: URLExt.join(base, "files/"),
          contentsUrl: URLExt.join(base, "api/contents/"),
          assetsUrl,
          env: kernelEnvironment(),
          cacheFiles: PageConfig.getOption("radlabCacheFiles") === "true",
          // the name @jupyterlite/services-extension's default drive gives its storage
          driveDatabase: PageConfig.getOption("contentsStorageName") || `JupyterLite Storage - ${PageConfig.getOption("baseUrl")}`,
        }),
    });
  },
};

/** The page config's `radlabKernelEnv` (a JSON object of strings; kernel-lib/src/publish/browser-lab.ts writes it), or none. */
function kernelEnvironment(): Record<string, string> {
  try {
    const env = JSON.parse(PageConfig.getOption("radlabKernelEnv") || "{}") as unknown;
    if (typeof env !== "object" || env === null) return {};
    return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** JupyterLite's kernel client, with an interrupt that stops the running cell of radlab's kernel. */
class InterruptingKernelClient extends LiteKernelClient {
  override async interrupt(kernelId: string): Promise<void> {
    // the client's kernels are private in its types; read them to reach ours
    const kernel = (this as unknown as { _kernels: { get(id: string): unknown } })._kernels.get(kernelId);
    if (kernel instanceof RadlabKernel) kernel.interrupt();
    await super.interrupt(kernelId);
  }
}

export const radlabKernelClientPlugin: JupyterFrontEndPlugin<IKernelClient> = {
  id: "@radlab/widgets:kernel-client",
  description: "JupyterLite's kernel client, with interrupts that stop radlab's kernel",
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IServerSettings],
  provides: IKernelClient,
  activate: (_app, kernelSpecs: IKernelSpecs, serverSettings: ServerConnection.ISettings | null) =>
    new InterruptingKernelClient({ kernelSpecs, serverSettings: serverSettings ?? undefined }),
};
