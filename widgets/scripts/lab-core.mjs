/**
 * Describes, for @jupyterlab/builder's build-labextension (`--core-path`), what a JupyterLab 4.6
 * host provides to a prebuilt extension: every @jupyterlab, @lumino and @jupyter package and
 * React/Yjs installed with the lab, each a shared singleton the extension must not bundle.
 * Derived from the packages the radlab lab is built from, so the two cannot drift; written to
 * widgets/dist/lab-core/package.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const widgets = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(widgets, "..", "node_modules");
const version = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;

const names = [
  ...["@jupyterlab", "@lumino", "@jupyter"].flatMap((scope) => readdirSync(join(modules, scope)).map((n) => `${scope}/${n}`)),
  "react",
  "react-dom",
  "yjs",
].filter((n) => n !== "@jupyterlab/builder");
const dependencies = Object.fromEntries(names.sort().map((n) => [n, `~${version(n)}`]));
const core = { name: "@radlab/lab-core", version: "0.1.0", private: true, dependencies, jupyterlab: { singletonPackages: Object.keys(dependencies) } };
const out = join(widgets, "dist", "lab-core");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "package.json"), `${JSON.stringify(core, null, 2)}\n`);
console.log(`widgets: ${Object.keys(dependencies).length} shared packages → ${join(out, "package.json")}`);
