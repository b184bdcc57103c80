/**
 * `radlab publish NOTEBOOK... --out DIR [--title T] [--executable [--data DIR]]`: the notebooks
 * executed and written as a static site (publish/site.ts), with --executable also as the lab in
 * browser mode (publish/browser-lab.ts). Prints each notebook's time, the pages and the site's size.
 */
import { relative } from "node:path";
import { RadlabInputError } from "../errors.js";
import { NotebookExecutionError } from "../publish/execute.js";
import { publishSite } from "../publish/site.js";
import { COMMANDS } from "./commands.js";
import { EXIT } from "./errors.js";
import { ensureLabBuilt } from "./lab-build.js";
import { parseCommand } from "./options.js";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("publish", COMMANDS.publish, argv);
  if (values.data !== undefined && !values.executable) throw new RadlabInputError("--data is the executable site's data folder: give it with --executable");
  // the executable site carries the lab's browser build: built here if missing or stale
  if (values.executable) ensureLabBuilt();
  try {
    const site = await publishSite({
      notebooks: positionals,
      out: values.out,
      title: values.title,
      timeout: values.timeout,
      executable: values.executable ? { data: values.data } : undefined,
      onProgress: (m) => console.error(m),
    });
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const largest = [...site.files].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
    console.log(
      [
        `radlab publish: ${site.pages.length} pages in ${relative(process.cwd(), site.out) || "."} (${(site.durationMs / 1000).toFixed(1)} s)`,
        ...site.pages.map((p) => `  ${p}`),
        `site size ${mb(site.bytes)} in ${site.files.length} files; largest: ${largest.map((f) => `${f.path} ${mb(f.bytes)}`).join(", ")}`,
        `widgets: ${site.widgets === "interactive" ? "interactive (radlab-widgets.js shipped)" : "static fallback (widgets/dist/static/radlab-widgets.js not built)"}`,
        ...(site.lab
          ? [`executable: ${site.lab} (the lab with the kernel in the page; serve the folder over http, e.g. python3 -m http.server, then open it)`]
          : []),
      ].join("\n"),
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof NotebookExecutionError)) throw error;
    console.error(`radlab publish: ${error.message}`);
    return EXIT.nothingDone;
  }
}
