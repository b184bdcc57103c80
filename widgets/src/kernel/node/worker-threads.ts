/**
 * `node:worker_threads` in the browser kernel, on Web Workers: what kernel-lib's cohort runner
 * (features/cohort.ts, unchanged) uses of it — `new Worker(script, { workerData })`, `on`/`once`/
 * `off` of "message", "error" and "exit", `postMessage`, `terminate` — and, inside a pool worker,
 * `parentPort` and `workerData` for the worker's entry (features/cohort-worker.ts, unchanged).
 *
 * A pool worker is the kernel's own bundle started again as a dedicated worker nested in the
 * kernel's worker (Chromium, Firefox and Safari nest dedicated workers), named after the entry it
 * runs (pool-worker.ts starts that entry). Nesting is what makes an interrupt safe: the kernel's
 * interrupt and restart terminate its worker, and a worker's nested workers end with their owner.
 *
 * The script a runner names is not a file here: the browser build answers kernel-lib's
 * "where is the worker script" (features/cohort-worker-url.ts) with `radlab-pool:<entry>`, and only
 * such names start a worker.
 */
import { filesConfiguration } from "./files.js";

/** Prefix of a pool worker's script name and of its Web Worker name. */
export const POOL_SCHEME = "radlab-pool:";

/** What a pool worker receives first, before any message of the runner's. */
export interface PoolInit {
  /** The runner's `workerData` (structured-cloned, as Node's is). */
  workerData: unknown;
  /** The kernel's file-system configuration: the same site, working folder and assets. */
  files: ReturnType<typeof filesConfiguration>;
  /** The kernel's `process.env` (RADLAB_NO_WASM and the lab's settings apply in the pool too). */
  env: Record<string, string | undefined>;
}

/** Sent by a pool worker whose entry closed its port (Node's `parentPort.close()` ends the thread). */
const CLOSED = "radlab-pool-closed";

type Listener = (value: never) => void;

/** The part of Node's EventEmitter the runners use: on, once, off, and emit to the listeners in order. */
class Listeners {
  readonly #listeners: { event: string; listener: Listener; once: boolean }[] = [];

  on(event: string, listener: Listener): this {
    this.#listeners.push({ event, listener, once: false });
    this.listening(event);
    return this;
  }

  once(event: string, listener: Listener): this {
    this.#listeners.push({ event, listener, once: true });
    this.listening(event);
    return this;
  }

  off(event: string, listener: Listener): this {
    const at = this.#listeners.findIndex((l) => l.event === event && l.listener === listener);
    if (at >= 0) this.#listeners.splice(at, 1);
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    return this.off(event, listener);
  }

  /** Calls the event's listeners; whether there was one. */
  protected emit(event: string, value: unknown): boolean {
    const listeners = this.#listeners.filter((l) => l.event === event);
    for (const l of listeners) {
      if (l.once) this.off(event, l.listener);
      (l.listener as (value: unknown) => void)(value);
    }
    return listeners.length > 0;
  }

  /** Hook: a listener for `event` was added. */
  protected listening(_event: string): void {}
}

const scope = globalThis as unknown as {
  name?: string;
  location?: { href: string };
  postMessage(message: unknown, transfer?: Transferable[]): void;
  close?: () => void;
};

/** Whether this worker is a pool worker (named by a Worker below), not the kernel. */
export const inPoolWorker = typeof scope.name === "string" && scope.name.startsWith(POOL_SCHEME);

/**
 * The kernel's end of a pool worker, as Node's Worker: it starts the kernel's bundle again
 * (`self.location`, the kernel worker's own script) as a module worker named after the entry.
 */
export class Worker extends Listeners {
  readonly #web: globalThis.Worker;
  #exited = false;
  static #count = 0;
  readonly threadId = ++Worker.#count;

  constructor(script: string | URL, options: { workerData?: unknown } = {}) {
    super();
    const entry = String(script);
    if (!entry.startsWith(POOL_SCHEME) || !scope.location)
      throw new Error(`the browser kernel starts only radlab's own pool workers, not ${entry}; run with workers: 1`);
    this.#web = new globalThis.Worker(scope.location.href, { type: "module", name: entry });
    this.#web.addEventListener("message", (event) => {
      if (event.data === CLOSED) this.#exit(0);
      else this.emit("message", event.data);
    });
    // an error the entry did not catch: as a thread's uncaught error in Node, the runner's "error"
    // (handled here, so it does not also surface as the kernel's own uncaught error)
    this.#web.addEventListener("error", (event) => {
      event.preventDefault();
      this.emit("error", new Error(event.message || `the pool worker ${entry} failed to start`));
    });
    this.#web.addEventListener("messageerror", () => this.emit("error", new Error("a message from the pool worker could not be read")));
    const init: PoolInit = { workerData: options.workerData, files: filesConfiguration(), env: { ...globalThis.process?.env } };
    this.#web.postMessage(init);
  }

  postMessage(value: unknown, transfer: Transferable[] = []): void {
    this.#web.postMessage(value, transfer);
  }

  /** Ends the worker at once (whatever it is computing), as Node's: resolves with exit code 1. */
  terminate(): Promise<number> {
    this.#web.terminate();
    this.#exit(1);
    return Promise.resolve(1);
  }

  #exit(code: number): void {
    if (this.#exited) return;
    this.#exited = true;
    if (code === 0) this.#web.terminate();
    this.emit("exit", code);
  }
}

/**
 * Inside a pool worker, the entry's end (Node's `parentPort`): messages from the kernel, kept
 * until the entry listens (it starts listening when it is loaded, after the first job may have
 * arrived), and postMessage / close back to it.
 */
class PoolPort extends Listeners {
  readonly #waiting: unknown[] = [];

  /** Called by pool-worker.ts with each message from the kernel after the init. */
  deliver(value: unknown): void {
    if (!this.emit("message", value)) this.#waiting.push(value);
  }

  protected override listening(event: string): void {
    if (event !== "message") return;
    while (this.#waiting.length > 0) if (!this.emit("message", this.#waiting.shift())) break;
  }

  postMessage(value: unknown, transfer: Transferable[] = []): void {
    scope.postMessage(value, transfer);
  }

  close(): void {
    scope.postMessage(CLOSED);
    scope.close?.();
  }
}

export const isMainThread = !inPoolWorker;
export const threadId = 0;
/** The pool worker's port to the kernel; null in the kernel itself. */
export const parentPort: PoolPort | null = inPoolWorker ? new PoolPort() : null;
/**
 * The runner's `workerData` in a pool worker: one object, filled by pool-worker.ts before the
 * entry is loaded (kernel-lib reads it when its entry module runs). null in the kernel.
 */
export const workerData: Record<string, unknown> | null = inPoolWorker ? {} : null;

export default { isMainThread, threadId, parentPort, workerData, Worker };
