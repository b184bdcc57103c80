/**
 * radlab's in-browser TypeScript kernel ("radlab-ts", "TypeScript (in browser)") for the lab's
 * browser mode (issue 14): a JupyterLite kernel (BaseKernel) on the page that runs every cell in
 * a Web Worker (worker.ts, kernel-lib's browser build), translating the worker's messages into
 * Jupyter's: stream, display_data / update_display_data, execute_result, error.
 *
 * Interrupt and restart terminate the worker and start a fresh one: a worker cannot be stopped
 * mid-cell any other way, so an interrupt also forgets the notebook's variables (the error says so).
 */
import type { KernelMessage } from "@jupyterlab/services";
import { BaseKernel, type IKernel } from "@jupyterlite/services";
import { RADLAB_KERNEL_INFO } from "./kernel-info.js";
import type { FromWorker, ToWorker } from "./protocol.js";

/** Where the worker and the site's files are. */
export interface RadlabKernelUrls {
  /** The worker bundle (radlab-kernel-worker.js). */
  workerUrl: string;
  /** Prefix of the site's files (`<base>/files/`). */
  filesUrl: string;
  /** Prefix of the contents listings (`<base>/api/contents/`). */
  contentsUrl: string;
  /** Prefix of the lab's assets (plotly.min.js). */
  assetsUrl: string;
  /** Added to the kernel's `process.env` (the settings the lab was started with, as tslab's kernel inherits them). */
  env?: Record<string, string>;
  /** Read every file of the site before the kernel is ready (executable sites: offline after load). */
  cacheFiles?: boolean;
  /** The IndexedDB database of the lab's drive (JupyterLite's contents storage). */
  driveDatabase?: string;
}

interface Running {
  id: number;
  resolve: (reply: KernelMessage.IExecuteReplyMsg["content"]) => void;
}

export class RadlabKernel extends BaseKernel {
  private worker!: Worker;
  private running: Running | null = null;
  private nextId = 1;
  private workerReady!: Promise<void>;
  /** Completion requests waiting for the worker's answer, by id. */
  private readonly completions = new Map<number, (reply: Extract<FromWorker, { type: "completions" }>) => void>();

  constructor(
    options: IKernel.IOptions,
    private readonly urls: RadlabKernelUrls,
  ) {
    super(options);
    this.startWorker();
  }

  /**
   * Ready when the worker is (and, for an executable site, has read the site's files): every
   * message, the first kernel_info_request included, waits for it, so the lab shows the kernel
   * idle only once cells can run.
   */
  override get ready(): Promise<void> {
    return this.workerReady;
  }

  /** A fresh worker, its working folder the notebook's. */
  private startWorker(): void {
    // a worker that ended (interrupt, restart) answers no more: its pending completions are empty
    for (const [id, done] of this.completions) done({ type: "completions", id, matches: [], start: -1, end: -1 });
    this.completions.clear();
    this.worker = new Worker(this.urls.workerUrl, { type: "module" });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.onWorkerMessage(event.data);
    this.workerReady = new Promise((resolve, reject) => {
      const listen = (event: MessageEvent<FromWorker>) => {
        if (event.data.type !== "ready") return;
        this.worker.removeEventListener("message", listen);
        resolve();
      };
      this.worker.addEventListener("message", listen);
      this.worker.onerror = (event) => reject(new Error(`the kernel's worker failed to start: ${event.message}`));
    });
    const init: ToWorker = {
      type: "init",
      filesUrl: this.urls.filesUrl,
      contentsUrl: this.urls.contentsUrl,
      assetsUrl: this.urls.assetsUrl,
      cwd: `/${this.location}`,
      env: this.urls.env,
      cacheFiles: this.urls.cacheFiles,
      driveDatabase: this.urls.driveDatabase,
    };
    this.worker.postMessage(init);
  }

  private onWorkerMessage(message: FromWorker): void {
    if (message.type === "completions") {
      this.completions.get(message.id)?.(message);
      this.completions.delete(message.id);
      return;
    }
    if (message.type === "ready" || !this.running || message.id !== this.running.id) return;
    switch (message.type) {
      case "stream":
        this.stream({ name: message.name, text: message.text });
        break;
      case "display": {
        const content = {
          data: message.data as KernelMessage.IDisplayDataMsg["content"]["data"],
          metadata: message.metadata as KernelMessage.IDisplayDataMsg["content"]["metadata"],
          transient: message.transient,
        };
        const displayId = message.transient.display_id;
        if (message.update && displayId) this.updateDisplayData({ ...content, transient: { display_id: displayId } });
        else this.displayData(content);
        break;
      }
      case "result":
        this.publishExecuteResult({
          execution_count: this.executionCount,
          data: message.data as KernelMessage.IExecuteResultMsg["content"]["data"],
          metadata: {},
        });
        break;
      case "error":
        this.publishExecuteError({ ename: message.ename, evalue: message.evalue, traceback: message.traceback });
        this.finish({ status: "error", execution_count: this.executionCount, ename: message.ename, evalue: message.evalue, traceback: message.traceback });
        break;
      case "done":
        if (message.status === "ok") this.finish({ status: "ok", execution_count: this.executionCount, user_expressions: {} });
        break;
    }
  }

  private finish(reply: KernelMessage.IExecuteReplyMsg["content"]): void {
    const running = this.running;
    this.running = null;
    running?.resolve(reply);
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg["content"]> {
    return RADLAB_KERNEL_INFO;
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg["content"]): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
    await this.workerReady;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.running = { id, resolve };
      const message: ToWorker = { type: "execute", id, code: content.code };
      this.worker.postMessage(message);
    });
  }

  /**
   * Stops the running cell by replacing the worker (see the module comment); the cell ends
   * with a KeyboardInterrupt error that says the variables are gone.
   */
  interrupt(): void {
    this.worker.terminate();
    if (this.running) {
      const traceback = ["KeyboardInterrupt: the cell was stopped; the kernel started afresh, so earlier variables are gone (run the notebook from the top)"];
      this.publishExecuteError({ ename: "KeyboardInterrupt", evalue: "interrupted", traceback });
      this.finish({ status: "error", execution_count: this.executionCount, ename: "KeyboardInterrupt", evalue: "interrupted", traceback });
    }
    this.startWorker();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.worker.terminate();
    super.dispose();
  }

  /** Names reachable at the cursor, from the worker's live notebook scope (completion.ts). */
  async completeRequest(content: KernelMessage.ICompleteRequestMsg["content"]): Promise<KernelMessage.ICompleteReplyMsg["content"]> {
    await this.workerReady;
    const id = this.nextId++;
    const reply = await new Promise<Extract<FromWorker, { type: "completions" }>>((resolve) => {
      this.completions.set(id, resolve);
      this.worker.postMessage({ type: "complete", id, code: content.code, cursor: content.cursor_pos } satisfies ToWorker);
    });
    if (reply.start < 0) return { status: "ok", matches: [], cursor_start: content.cursor_pos, cursor_end: content.cursor_pos, metadata: {} };
    return { status: "ok", matches: reply.matches, cursor_start: reply.start, cursor_end: reply.end, metadata: {} };
  }

  async inspectRequest(_content: KernelMessage.IInspectRequestMsg["content"]): Promise<KernelMessage.IInspectReplyMsg["content"]> {
    return { status: "ok", found: false, data: {}, metadata: {} };
  }

  async isCompleteRequest(_content: KernelMessage.IIsCompleteRequestMsg["content"]): Promise<KernelMessage.IIsCompleteReplyMsg["content"]> {
    return { status: "unknown" };
  }

  async commInfoRequest(_content: KernelMessage.ICommInfoRequestMsg["content"]): Promise<KernelMessage.ICommInfoReplyMsg["content"]> {
    return { status: "ok", comms: {} };
  }

  inputReply(_content: KernelMessage.IInputReplyMsg["content"]): void {}
  async commOpen(_msg: KernelMessage.ICommOpenMsg): Promise<void> {}
  async commMsg(_msg: KernelMessage.ICommMsgMsg): Promise<void> {}
  async commClose(_msg: KernelMessage.ICommCloseMsg): Promise<void> {}
}
