/**
 * radlab's WebAssembly comes from text: features/kernels.wat and stats/lasso-kernels.wat,
 * assembled by wabt (scripts/build-wasm.mjs) into the generated `*.wasm.ts` modules the library
 * loads. These tests re-assemble each .wat and require the loaded bytes to be exactly wabt's, so
 * a generated file can be neither stale nor edited by hand; and they check that each module
 * exports what its loader calls. (That the kernels compute what their JavaScript twins compute
 * is checked in features-wasm-kernels.test.ts and stats-lasso.test.ts.)
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, generatedSource, WAT_SOURCES } from "../../scripts/build-wasm.mjs";
import { WASM_BASE64 as FEATURES_BASE64 } from "../src/features/kernels.wasm.js";
import { WASM_BASE64 as LASSO_BASE64 } from "../src/stats/lasso-kernels.wasm.js";

const root = join(import.meta.dirname, "..", "..");

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { Module: { new (b: Uint8Array): object; exports(m: object): { name: string; kind: string }[] } } })
  .WebAssembly;

const modules: [string, string, string[]][] = [
  ["kernel-lib/src/features/kernels.wat", FEATURES_BASE64, ["countDense", "scanNeighbourhoods", "cubeScan", "borderDistance", "padLevels", "momentSums"]],
  ["kernel-lib/src/stats/lasso-kernels.wat", LASSO_BASE64, ["dot", "axpy", "weighted"]],
];

describe("WebAssembly from source", () => {
  it("lists every .wat the build assembles", () => {
    expect(modules.map(([path]) => path).sort()).toEqual([...WAT_SOURCES].sort());
  });

  for (const [path, loaded, exported] of modules) {
    it(`${path}: the loaded bytes are wabt's assembly of the text, exporting ${exported.join(", ")}`, async () => {
      const bytes = await assemble(join(root, path));
      expect(Buffer.from(bytes).toString("base64")).toBe(loaded);
      expect(generatedSource(path.split("/").pop() as string, bytes)).toContain(loaded.slice(0, 96));
      const names = wasm.Module.exports(new wasm.Module(bytes)).map((e) => `${e.kind}:${e.name}`);
      expect(names).toEqual(exported.map((name) => `function:${name}`));
    });
  }
});
