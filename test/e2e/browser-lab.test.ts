/**
 * The lab in browser mode (issue 14), in Debian's Chromium, started as a user without Jupyter
 * Server starts it: `npm start -- --no-browser` with no Python that has Jupyter Server
 * (RADLAB_PYTHON=/bin/false), which falls back to the browser mode and says in one line what
 * server mode adds: radlab's own static server, JupyterLab with JupyterLite's services and the
 * TypeScript kernel in a Web Worker. The reproduction notebook is opened, Run All is chosen, every
 * cell runs with no error output, and the AUCs and selected features it prints equal
 * `radlab model`'s on the same cohort (the same feature table, from `radlab extract`). Every
 * request the page and its workers make goes to the site's own 127.0.0.1 origin (recorded and
 * checked). Then: restart and interrupt of the browser kernel; what the static server refuses;
 * Ctrl-C.
 *
 * The cohort is the seeded demo cohort made small (CASES, in a scratch RADLAB_DATA) so that a
 * 2-core CI machine extracts it in the browser within the test's time.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NotebookPanel } from "@jupyterlab/notebook";
import type { KernelMessage } from "@jupyterlab/services";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_MODE_MISSING } from "../../kernel-lib/src/cli/lab.js";
import { launchChromium } from "../../kernel-lib/src/plots/export.js";
import { ctrlC, npmStart, type RunningLab } from "./lab-harness.js";
import { aucLine, type ModelNumbers, modelOfCohort, notebookOutputs, runAll, waitForKernelIdle } from "./notebook-page.js";

const REPO = join(import.meta.dirname, "..", "..");
const CASES = 40;

describe("the lab in browser mode", () => {
  let folder: string;
  let lab: RunningLab;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const foreign: string[] = [];
  let model: ModelNumbers;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "radlab-browser-lab-"));
    const data = join(folder, "data");
    // no --port: the lab takes the first free port itself, when it listens (a port chosen here
    // could be taken by another process while the lab writes the cohort)
    lab = await npmStart(["--no-browser"], {
      RADLAB_PYTHON: "/bin/false",
      RADLAB_DATA: data,
      RADLAB_DEMO_CASES: String(CASES),
    });
    // radlab model on the cohort the lab wrote, in Node: the numbers the notebook must print
    model = modelOfCohort(join(data, "demo-cohort"), folder);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // every request of the page and its workers is recorded (not intercepted: Chromium's request
    // interception stalls the kernel worker's synchronous file reads)
    context.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${lab.origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
    });
    page = await context.newPage();
    await page.goto(lab.url);
    // the notebook is open and its kernel has started (Run All before that would run nothing)
    await waitForKernelIdle(page, 120_000);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (lab) {
      ctrlC(lab);
      await lab.exited;
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("npm start without Jupyter Server starts the browser mode, saying in one line what server mode adds", () => {
    expect(lab.output()).toContain(SERVER_MODE_MISSING);
    expect(lab.output()).toMatch(/the notebook environment \(browser mode\)/);
    expect(new URL(lab.url).hostname).toBe("127.0.0.1");
  });

  it("runs the reproduction notebook top to bottom (Run All) on the in-browser kernel with no error output", async () => {
    await runAll(page, 600_000);
    const outputs = await notebookOutputs(page);
    const errors = outputs.filter((o) => o.type === "error");
    expect(errors).toEqual([]);
    expect(outputs.length).toBeGreaterThan(5);
    await page.screenshot({ path: join(REPO, "artifacts", "browser-lab", "reproduction-notebook.png"), fullPage: false });
  }, 700_000);

  it("prints radlab model's AUCs (with DeLong CIs) and λ.min's selected features", async () => {
    const text = (await notebookOutputs(page)).map((o) => o.text).join("\n");
    expect(text).toContain(aucLine(model.roc));
    expect(text).toContain(`${model.lasso.selected.length} features kept`);
  });

  it("completes rl. names and the notebook's variables from the kernel (Tab)", async () => {
    const reply = await page.evaluate(async () => {
      const kernel = (window.jupyterapp?.shell.currentWidget as unknown as NotebookPanel | undefined)?.sessionContext.session?.kernel;
      if (!kernel) throw new Error("the notebook has no kernel");
      const names = await kernel.requestComplete({ code: "rl.rocC", cursor_pos: 7 });
      const variables = await kernel.requestComplete({ code: "result.lasso.sel", cursor_pos: 16 });
      if (names.content.status !== "ok" || variables.content.status !== "ok") throw new Error("completion failed");
      return { names: names.content, variables: variables.content };
    });
    expect(reply.names).toMatchObject({ matches: ["rocCurve"], cursor_start: 3 });
    expect(reply.variables.matches).toEqual(["selected"]);
  });

  /**
   * Saves files into the lab's drive as an upload or a drop onto the file browser does (through
   * the contents manager), then runs `code` on the notebook's kernel; its printed text (and errors).
   */
  const dropThenRun = (files: { path: string; format: "text" | "base64"; content: string }[], code: string) =>
    page.evaluate(
      async ({ files, code }) => {
        const app = window.jupyterapp;
        const kernel = (app?.shell.currentWidget as unknown as NotebookPanel | undefined)?.sessionContext.session?.kernel;
        if (!app || !kernel) throw new Error("the notebook has no kernel");
        for (const { path, format, content } of files) await app.serviceManager.contents.save(path, { type: "file", format, content });
        const future = kernel.requestExecute({ code });
        const out: string[] = [];
        future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
          if (msg.header.msg_type === "stream") out.push((msg.content as KernelMessage.IStreamMsg["content"]).text);
          if (msg.header.msg_type === "error") out.push(`error: ${(msg.content as KernelMessage.IErrorMsg["content"]).evalue}`);
        };
        await future.done;
        return out.join("");
      },
      { files, code },
    );

  it("reads files the user put in the lab's file browser (kept in the browser's drive, not on the site) by path", async () => {
    const text = await dropThenRun(
      [
        { path: "data/dropped.csv", format: "text", content: "id,x\nA,1\n" },
        { path: "data/dropped.bin", format: "base64", content: Buffer.from([0, 1, 255]).toString("base64") },
      ],
      'import { readFileSync, readdirSync } from "fs";\nconsole.log(JSON.stringify([readFileSync("../data/dropped.csv", "utf8"), [...readFileSync("../data/dropped.bin")], readdirSync("../data").includes("dropped.csv")]))',
    );
    expect(JSON.parse(text)).toEqual(["id,x\nA,1\n", [0, 1, 255], true]);
  });

  it("reads an MHA volume dropped into the lab through itk-wasm's MetaImage pipeline, served by the lab itself", async () => {
    // a small volume written by Node's itk-wasm (MetaImage writer), read back in the page's kernel
    const { writeVolume } = await import("../../kernel-lib/dist/index.js");
    const data = Int16Array.from({ length: 5 * 4 * 3 }, (_, n) => ((n * 37) % 101) - 50);
    const grid = { size: [5, 4, 3], spacing: [0.5, 0.75, 2], origin: [1, -2, 3.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const file = join(folder, "small.mha");
    await writeVolume({ ...grid, data } as never, file);
    const text = await dropThenRun(
      [{ path: "data/small.mha", format: "base64", content: readFileSync(file).toString("base64") }],
      'const small = await rl.readVolume("../data/small.mha");\nconsole.log(JSON.stringify([small.size, small.spacing, small.origin, Array.from(small.data)]))',
    );
    expect(JSON.parse(text)).toEqual([grid.size, grid.spacing, grid.origin, Array.from(data)]);
  });

  it("sent no request beyond the site's own origin", () => {
    expect(foreign).toEqual([]);
  });

  it("restarts the kernel: the notebook's variables are gone, and cells run again", async () => {
    const result = await page.evaluate(async () => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookPanel | undefined;
      if (!panel) throw new Error("no notebook is open");
      const session = panel.sessionContext;
      const before = await session.session?.kernel?.requestExecute({ code: "typeof manifest" }).done;
      await session.restartKernel();
      const future = session.session?.kernel?.requestExecute({ code: "typeof manifest" });
      if (!before || !future) throw new Error("the notebook has no kernel");
      const texts: string[] = [];
      future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
        if (msg.header.msg_type === "execute_result") texts.push(String((msg.content as KernelMessage.IExecuteResultMsg["content"]).data["text/plain"]));
      };
      await future.done;
      return { before: before.content.status, after: texts };
    });
    expect(result.before).toBe("ok");
    expect(result.after).toEqual(["'undefined'"]);
  }, 120_000);

  it("interrupts a running cell: it ends with KeyboardInterrupt and the kernel runs the next cell", async () => {
    const result = await page.evaluate(async () => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookPanel | undefined;
      if (!panel) throw new Error("no notebook is open");
      const kernel = panel.sessionContext.session?.kernel;
      if (!kernel) throw new Error("the notebook has no kernel");
      const errors: string[] = [];
      const endless = kernel.requestExecute({ code: "while (true) {}" });
      endless.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
        if (msg.header.msg_type === "error") errors.push((msg.content as KernelMessage.IErrorMsg["content"]).ename);
      };
      await new Promise((r) => setTimeout(r, 1500));
      await kernel.interrupt();
      const reply = await endless.done;
      const next: string[] = [];
      const after = kernel.requestExecute({ code: "1 + 1" });
      after.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
        if (msg.header.msg_type === "execute_result") next.push(String((msg.content as KernelMessage.IExecuteResultMsg["content"]).data["text/plain"]));
      };
      await after.done;
      return { status: reply.content.status, errors, next };
    });
    expect(result).toEqual({ status: "error", errors: ["KeyboardInterrupt"], next: ["2"] });
  }, 120_000);
});

describe("the browser mode's static server", () => {
  it("serves only the site: a foreign Host, a path out of its folders, a hidden file and a write are refused; Ctrl-C stops it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "radlab-browser-site-"));
    const data = join(folder, "data");
    mkdirSync(join(data, ".secret"), { recursive: true });
    writeFileSync(join(data, ".secret", "key.txt"), "no");
    writeFileSync(join(data, "table.csv"), "a,b\n1,2\n");
    const lab = await npmStart(["--browser", "--no-browser"], { RADLAB_DATA: data, RADLAB_DEMO_CASES: "12" });
    try {
      expect(lab.output()).not.toContain(SERVER_MODE_MISSING);
      const get = (path: string, init?: RequestInit) => fetch(`${lab.origin}${path}`, init).then((r) => r.status);
      expect(await get("/files/data/table.csv")).toBe(200);
      expect(await get("/files/notebooks/05-reproduce-the-study.ipynb")).toBe(200);
      expect(await get("/api/contents/data/all.json")).toBe(200);
      expect(await get("/files/data/.secret/key.txt")).toBe(404);
      expect(await get("/files/data/%2e%2e/%2e%2e/package.json")).toBe(404);
      expect(await get("/files/package.json")).toBe(404);
      expect(await get("/files/data/table.csv", { method: "PUT", body: "x" })).toBe(405);
      // DNS rebinding: a page of another name that resolves to 127.0.0.1
      const rebound = await new Promise<number>((done) =>
        httpGet({ host: "127.0.0.1", port: new URL(lab.origin).port, path: "/files/data/table.csv", headers: { host: "attacker.example" } }, (r) =>
          done(r.statusCode ?? 0),
        ),
      );
      expect(rebound).toBe(421);
    } finally {
      ctrlC(lab);
      await lab.exited;
      rmSync(folder, { recursive: true, force: true });
    }
    expect(lab.output()).toMatch(/SIGINT: stopping the lab …\s+stopped\./);
    await expect(fetch(`${lab.origin}/lab/`)).rejects.toThrow();
  }, 300_000);
});
