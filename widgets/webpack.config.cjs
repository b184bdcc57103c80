// The lab's webpack build (JupyterLab's examples/app recipe, webpack 5 + @jupyterlab/builder):
// the app in dist/lab/static — two entries in one compilation, so the modules both modes share
// are compiled once: bundle.js (server mode: Jupyter Server's services, the tslab kernel) and
// browser.js (browser mode: JupyterLite's services, radlab's kernel in a Web Worker) — the
// setting schemas of every extension in dist/lab/schemas and the theme CSS in dist/lab/themes,
// which widgets/server serves in server mode and kernel-lib's publish/browser-lab.ts in browser mode.
// TypeScript sources are compiled by esbuild-loader (types are checked by tsc before, in
// `npm run build:lab -w @radlab/widgets`).
// plotly.js is not in the bundles: this build emits static/radlab/plotly.min.js as it is, the
// lab fetches it when it starts and evaluates it on the first figure (src/app/page-plotly.ts,
// what `plotly.js-dist-min` resolves to here), so it is downloaded once per page, before a
// reader of an executable site may go offline, and kept off the way to the first notebook; an
// executable site ships that one copy, which its browser kernel also reads. NiiVue's Zarr
// codecs are left out as in the static widget bundle (src/renderers/no-zarr-codecs.cjs).
const path = require("node:path");
const webpack = require("webpack");
const { Build } = require("@jupyterlab/builder");
const miniSVGDataURI = require("mini-svg-data-uri");
const { jupyterlab } = require("./package.json");

const out = path.join(__dirname, "dist", "lab");
const repo = path.join(__dirname, "..");

/**
 * Writes dist/lab/build-inputs.json: the checkout's files (outside node_modules) that went into
 * the bundle. `radlab lab` hashes exactly these to decide whether the lab must be rebuilt.
 */
class RecordInputsPlugin {
  apply(compiler) {
    compiler.hooks.done.tap("RecordInputsPlugin", (stats) => {
      const fs = require("node:fs");
      const files = [...stats.compilation.fileDependencies]
        .filter((f) => f.startsWith(repo + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`) && !f.startsWith(out))
        .filter((f) => fs.existsSync(f) && fs.statSync(f).isFile())
        .map((f) => path.relative(repo, f))
        .sort();
      fs.writeFileSync(path.join(out, "build-inputs.json"), `${JSON.stringify({ files }, null, 1)}\n`);
    });
  }
}

/** Where the lab finds plotly.js, under static/ (src/app/start.ts; kernel-lib's publish/browser-lab.ts BROWSER_LAB_PLOTLY). */
const PLOTLY_ASSET = "radlab/plotly.min.js";

/** Emits plotly.js-dist-min's plotly.min.js as static/radlab/plotly.min.js, as it is. */
class PlotlyAssetPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("PlotlyAssetPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "PlotlyAssetPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const file = require.resolve("plotly.js-dist-min");
        compilation.fileDependencies.add(file);
        // minimized: already, so the minimizer leaves it as plotly.js ships it
        compilation.emitAsset(PLOTLY_ASSET, new webpack.sources.RawSource(require("node:fs").readFileSync(file)), { minimized: true });
      });
    });
  }
}

// Copies schemas and themes, writes dist/lab/style.js (every extension's CSS) and returns
// the webpack configs that build the themes.
const assetConfigs = Build.ensureAssets({ packageNames: jupyterlab.extensions, output: out });

module.exports = [
  {
    mode: "production",
    entry: {
      bundle: [path.join(out, "style.js"), path.join(__dirname, "src", "app", "server.ts")],
      browser: [path.join(out, "style.js"), path.join(__dirname, "src", "app", "browser.ts")],
    },
    output: { path: path.join(out, "static"), filename: "[name].js", chunkFilename: "[name].[contenthash].js", clean: true },
    bail: true,
    devtool: false,
    performance: { hints: false },
    // Rebuilds after a change reuse the unchanged modules (node_modules/.cache/webpack).
    cache: { type: "filesystem", buildDependencies: { config: [__filename] } },
    // Sources import each other as ".js" (ESM style); the files are ".ts".
    resolve: {
      extensionAlias: { ".js": [".ts", ".js"] },
      alias: {
        "plotly.js-dist-min$": path.join(__dirname, "src", "app", "page-plotly.ts"),
      },
    },
    module: {
      rules: [
        { test: /\.ts$/, loader: "esbuild-loader", options: { target: "es2022" } },
        // JupyterLab's packages import without file extensions inside ESM.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ["style-loader", "css-loader"] },
        { test: /\.html$/, type: "asset/resource" },
        { test: /\.md$/, type: "asset/source" },
        { test: /\.(jpg|png|gif)$/, type: "asset/resource" },
        { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: "asset" },
        { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: "asset/resource" },
        // SVG: a data URI inside CSS, the raw text inside JavaScript (LabIcon).
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, type: "asset/inline", generator: { dataUrl: (c) => miniSVGDataURI(c.toString()) } },
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.[jt]s$/, type: "asset/source" },
      ],
    },
    plugins: [
      // Some packages call process.cwd() (the path polyfill).
      new webpack.DefinePlugin({ process: { cwd: () => "/", env: {} } }),
      new RecordInputsPlugin(),
      new PlotlyAssetPlugin(),
      // numcodecs/blosc, numcodecs/lz4, … (an alias would append the subpath to the file)
      new webpack.NormalModuleReplacementPlugin(/^numcodecs(\/|$)/, path.join(__dirname, "src", "renderers", "no-zarr-codecs.cjs")),
    ],
  },
  ...assetConfigs,
];
