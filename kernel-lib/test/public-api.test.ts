/**
 * The public API (src/index.ts, src/browser.ts) is a list someone chose: TypeDoc builds its
 * reference (`npm run docs`) with every exported name documented and every type it mentions
 * exported too; each `rl.<name>` the notebooks use is in it; R's numerics and other helpers are
 * not. TypeDoc reads the sources once for the whole file (~10 s on 2 shared cores).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Application, Logger, LogLevel, type ProjectReflection, TSConfigReader, TypeDocReader } from "typedoc";
import { beforeAll, describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { REPO_ROOT } from "./reference.js";

/** Collects what TypeDoc would print as warnings or errors. */
class CollectingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

/** Every `rl.<name>` in the notebooks' code cells. */
function notebookNames(): Set<string> {
  const folder = join(REPO_ROOT, "notebooks");
  const names = new Set<string>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".ipynb"))) {
    const notebook = JSON.parse(readFileSync(join(folder, file), "utf8")) as { cells: { cell_type: string; source: string[] | string }[] };
    for (const cell of notebook.cells.filter((c) => c.cell_type === "code")) {
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const [, name] of source.matchAll(/\brl\.(\w+)/g)) names.add(name);
    }
  }
  return names;
}

describe("the public API", () => {
  let project: ProjectReflection | undefined;
  let logger: CollectingLogger;

  beforeAll(async () => {
    const app = await Application.bootstrapWithPlugins({ options: join(REPO_ROOT, "kernel-lib", "typedoc.json") }, [new TypeDocReader(), new TSConfigReader()]);
    logger = new CollectingLogger();
    app.logger = logger;
    project = await app.convert();
    if (project) app.validate(project);
  }, 120_000);

  it("TypeDoc builds the reference: every exported name has a doc comment, every type a name mentions is exported", () => {
    expect(project).toBeDefined();
    expect(logger.messages).toEqual([]);
    const index = project?.children?.find((m) => m.name === "index");
    expect(index?.children?.length).toBeGreaterThan(300);
  });

  it("has every rl.<name> the notebooks use", () => {
    const index = project?.children?.find((m) => m.name === "index");
    const documented = new Set(index?.children?.map((c) => c.name));
    const used = notebookNames();
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });

  it("keeps helpers internal", () => {
    for (const helper of [
      "lowess",
      "meanOf",
      "medianOf",
      "normalQuantile",
      "xoshiro128StarStar",
      "parseCsv",
      "solvePath",
      "quantileType7",
      "assembleStudyResult",
    ]) {
      expect(Object.keys(api), helper).not.toContain(helper);
    }
  });
});
