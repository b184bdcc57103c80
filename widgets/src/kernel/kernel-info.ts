/** The browser kernel's kernel_info and kernel spec (one place, used by the kernel and its plugin). */
import type { KernelMessage } from "@jupyterlab/services";

export const RADLAB_KERNEL_NAME = "radlab-ts";
export const RADLAB_KERNEL_DISPLAY_NAME = "TypeScript (in browser)";

export const RADLAB_KERNEL_INFO: KernelMessage.IInfoReplyMsg["content"] = {
  status: "ok",
  protocol_version: "5.3",
  implementation: "radlab-ts",
  implementation_version: "1",
  language_info: {
    name: "typescript",
    version: "5.9",
    mimetype: "text/typescript",
    file_extension: ".ts",
    codemirror_mode: { name: "javascript", typescript: true },
  },
  banner: "radlab's TypeScript kernel, running in this browser (a Web Worker): cells as under tslab, nothing leaves the page",
  help_links: [],
};
