/**
 * The in-browser kernel's cell compiler and runner (widgets/src/kernel), in Node: cells written
 * for tslab run unchanged — TypeScript types, imports, top-level await, declarations that later
 * cells see, the final expression's value — and errors keep the cell's line numbers.
 */
import { describe, expect, it } from "vitest";
import { CellSyntaxError, compileCell } from "../widgets/src/kernel/cell-compiler.js";
import { CellRunner } from "../widgets/src/kernel/cell-runner.js";
import { complete } from "../widgets/src/kernel/completion.js";
import * as fs from "../widgets/src/kernel/node/fs.js";
import * as os from "../widgets/src/kernel/node/os.js";

const modules: Record<string, unknown> = {
  "@radlab/kernel-lib": { add: (a: number, b: number) => a + b, version: "test", default: "the default" },
};
const runner = () => new CellRunner(async (specifier) => modules[specifier] ?? Promise.reject(new Error(`no module ${specifier}`)));

describe("browser kernel cells", () => {
  it("runs TypeScript with imports, top-level await and the last expression as the result", async () => {
    const r = runner();
    const first = await r.run(
      [
        'import * as rl from "@radlab/kernel-lib";',
        'import { add, version as v } from "@radlab/kernel-lib";',
        "interface Point { x: number; y: number }",
        "const p: Point = { x: 2, y: await Promise.resolve(3) };",
        "let total = add(p.x, p.y);",
        "rl.add(total, 1)",
      ].join("\n"),
    );
    expect(first).toEqual({ hasResult: true, value: 6 });
    expect(r.scope.v).toBe("test");
  });

  it("keeps declarations for later cells: variables, destructuring, functions (hoisted), classes", async () => {
    const r = runner();
    await r.run(
      [
        "const { a, b: [c, , d] } = { a: 1, b: [2, 3, 4] };",
        "const twice = square(a + c);", // a function declared further down is hoisted
        "function square(x: number): number { // a line comment in a hoisted function",
        "  return x * x;",
        "}",
        "class Counter { n = 0; bump() { return ++this.n; } }",
      ].join("\n"),
    );
    const second = await r.run("const counter = new Counter();\ncounter.bump();\n[twice, d, square(4), counter.bump()]");
    expect(second.value).toEqual([9, 4, 16, 2]);
  });

  it("has no result when the cell ends in a declaration, and runs a statement-only cell", async () => {
    const r = runner();
    expect(await r.run("const x = 1;")).toEqual({ hasResult: false, value: undefined });
    expect((await r.run("for (let i = 0; i < 3; i++) x += i;\nx")).value).toBe(4);
  });

  it("reports a syntax error with the cell's line", () => {
    expect(() => compileCell("const a = 1;\nconst b = ;\n")).toThrow(CellSyntaxError);
    expect(() => compileCell("const a = 1;\nconst b = ;\n")).toThrow(/^line 2:/);
  });

  it("keeps the cell's line numbers in a runtime error's stack", async () => {
    const r = runner();
    const error = await r.run("interface T { a: number }\nconst t: T = { a: 1 };\n\nthrow new Error('boom at four');").catch((e: Error) => e);
    expect((error as Error).message).toBe("boom at four");
    expect((error as Error).stack).toMatch(/cell-1\.ts:4:/);
  });

  it("fails an import of a module the kernel does not have, naming it", async () => {
    await expect(runner().run('import * as fs from "node:fs";\nfs')).rejects.toThrow(/no module node:fs/);
  });
});

describe("browser kernel line numbers", () => {
  it("reports the cell's line although TypeScript drops blank and type-only lines", async () => {
    const r = runner();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's own template literal
    const cell = 'import * as rl from "@radlab/kernel-lib";\n\ninterface T {\n  a: number;\n}\n\nconst t: T = { a: 1 };\n\nthrow new Error(`line 9 ${t.a}`);';
    const error = (await r.run(cell).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("line 9 1");
    expect(error.stack).toMatch(/cell-1\.ts:9:/);
  });

  it("completes names from the live scope: a module's exports after `rl.`, variables, nested properties", async () => {
    const r = runner();
    await r.run('import * as rl from "@radlab/kernel-lib";\nconst result = { lasso: { selected: ["a"], lambdaMin: 0.1 } };\nconst resolution = 2;');
    const at = (code: string) => complete(code, code.length, r.scope, {});
    expect(at("rl.ad")).toEqual({ matches: ["add"], start: 3, end: 5 });
    expect(at("const x = rl.").matches).toEqual(["add", "default", "version"]);
    expect(at("res")).toEqual({ matches: ["resolution", "result"], start: 0, end: 3 });
    expect(at("result.lasso.sel").matches).toEqual(["selected"]);
    expect(at("result.lasso.selected.fil").matches).toEqual(["fill", "filter"]);
    expect(at("nothing.here.").matches).toEqual([]);
    // the cursor inside a line: only what is before it counts
    const code = "rl.ve + 1";
    expect(complete(code, 5, r.scope, {})).toEqual({ matches: ["version"], start: 3, end: 5 });
  });

  it("gives cells os.tmpdir() and fs.mkdtempSync for scratch files, as notebook 01 writes its NRRD copy", async () => {
    const r = new CellRunner(async (specifier) => ({ fs, os })[specifier] ?? Promise.reject(new Error(`no module ${specifier}`)));
    const { value } = await r.run(
      [
        'import { mkdtempSync, readFileSync, writeFileSync } from "fs";',
        'import { tmpdir } from "os";',
        'const scratch = mkdtempSync(tmpdir() + "/radlab-01-");',
        'writeFileSync(scratch + "/case.nrrd", new Uint8Array([1, 2, 3]));',
        '[scratch, [...readFileSync(scratch + "/case.nrrd")], mkdtempSync(tmpdir() + "/radlab-01-") !== scratch]',
      ].join("\n"),
    );
    expect(value).toEqual([expect.stringMatching(/^\/tmp\/radlab-01-[A-Za-z0-9]{6}$/), [1, 2, 3], true]);
    expect(() => fs.mkdtempSync("/no/such/folder/x-")).toThrow(/ENOENT/);
  });
});
