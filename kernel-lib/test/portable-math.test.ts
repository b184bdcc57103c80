/**
 * kernel-lib computes with its own elementary functions (src/math.ts), never with the engine's
 * `Math.log`, `Math.exp`, … or `**`, whose last bit differs between Node's V8 and the browser's
 * (the lab's two modes printed different numbers before): the sources are checked for any use,
 * and the functions for giving their values without calling the engine's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as math from "../src/math.js";
import { REPO_ROOT } from "./reference.js";

const SRC = join(REPO_ROOT, "kernel-lib", "src");
/** The engine's functions whose last bit is implementation-approximated (ECMA-262 §21.3.2). */
const APPROXIMATED = [
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "atan2",
  "cbrt",
  "cos",
  "cosh",
  "exp",
  "expm1",
  "log",
  "log1p",
  "log10",
  "log2",
  "pow",
  "sin",
  "sinh",
  "tan",
  "tanh",
] as const;

/** Every .ts file under src/, as a path relative to src/. */
function sources(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => f.split("\\").join("/"));
}

/** The lines of a source without its comments' lines (doc comments mention Math.log in prose). */
function codeLines(text: string): [number, string][] {
  return text
    .split("\n")
    .map((line, n) => [n + 1, line.replace(/\/\/.*$/, "")] as [number, string])
    .filter(([, line]) => !/^\s*(\/\*\*|\*|\/\/)/.test(line));
}

describe("portable elementary functions", () => {
  it("no source outside math.ts calls the engine's approximated Math functions", () => {
    const pattern = new RegExp(`\\bMath\\.(${APPROXIMATED.join("|")})\\b`);
    const offenders = sources()
      .filter((file) => file !== "math.ts")
      .flatMap((file) => codeLines(readFileSync(join(SRC, file), "utf8")).flatMap(([n, line]) => (pattern.test(line) ? [`${file}:${n}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  it("no source raises to a power with ** but squares (x·x in every engine) and powers of two", () => {
    // `a ** b` with b other than the literal 2, unless a is the literal 2 (2 ** 31: exact)
    const power = /(?<!\b2\s*)\*\*\s*(?!2\b(?!\.))\S/;
    const offenders = sources().flatMap((file) =>
      codeLines(readFileSync(join(SRC, file), "utf8")).flatMap(([n, line]) => {
        const code = line.replace(/`[^`]*`|"[^"]*"|'[^']*'/g, '""');
        return power.test(code) ? [`${file}:${n}: ${line.trim()}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });

  describe("the functions compute without the engine's", () => {
    const saved = new Map<string, unknown>();
    afterEach(() => {
      for (const [name, f] of saved) Object.assign(Math, { [name]: f });
      saved.clear();
    });

    it("give their values with Math's approximated functions replaced by ones that throw", () => {
      for (const name of APPROXIMATED) {
        saved.set(name, Math[name]);
        Object.assign(Math, {
          [name]: () => {
            throw new Error(`Math.${name} was called`);
          },
        });
      }
      expect([math.log(1), math.log(Math.E), math.exp(0), math.log1p(0), math.log2(8), math.log10(1000)]).toEqual([0, 1, 1, 0, 3, 3]);
      expect([math.pow(2, 10), math.pow(9, 0.5), math.cbrt(27), math.sin(0), math.cos(0), math.acos(1)]).toEqual([1024, 3, 3, 0, 1, 0]);
      // values a 1-ulp difference would show: exp and log invert each other on these
      for (const x of [0.1, 0.5, 2, 10, 123.456]) expect(Math.abs(math.exp(math.log(x)) - x) / x).toBeLessThan(4e-16);
    });
  });
});
