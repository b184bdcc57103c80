// Merged by @jupyterlab/builder's build-labextension into its own config: the extension's
// sources are TypeScript, compiled by esbuild-loader as in the lab's build (webpack.config.cjs).
module.exports = {
  resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  module: {
    rules: [
      { test: /\.ts$/, loader: "esbuild-loader", options: { target: "es2022" } },
      // Packages that import without file extensions inside ESM.
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
    ],
  },
};
