/**
 * What the widgets run in the browser stays free of Node: every module reachable from
 * kernel-lib's `browser` entry (src/browser.ts) imports no `node:` module, and in stats/ only the
 * file reader table-file.ts does (design.md: stats runs in the browser too). The static widget
 * bundle's build (esbuild, platform browser) would fail too; this says which file at once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./reference.js";

const SRC = join(REPO_ROOT, "kernel-lib", "src");

/** Relative imports and `node:` imports of a TypeScript file (static `from "…"` clauses). */
function imports(file: string): { local: string[]; node: string[] } {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
  return {
    local: specifiers.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts"))),
    node: specifiers.filter((s) => s.startsWith("node:")),
  };
}

describe("browser-safe modules", () => {
  it("nothing reachable from kernel-lib's browser entry imports a Node module", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const { local, node } = imports(file);
      if (node.length > 0) offenders.push(`${file.slice(SRC.length + 1)}: ${node.join(", ")}`);
      local.forEach(visit);
    };
    visit(join(SRC, "browser.ts"));
    expect(seen.size).toBeGreaterThan(8);
    expect(offenders).toEqual([]);
  });

  it("in stats/, only table-file.ts (the CSV file reader) imports Node", () => {
    const withNode = readdirSync(join(SRC, "stats"))
      .filter((f) => f.endsWith(".ts") && imports(join(SRC, "stats", f)).node.length > 0)
      .sort();
    expect(withNode).toEqual(["table-file.ts"]);
  });
});
