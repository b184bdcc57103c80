// A test host for the prebuilt extension: a page built, like JupyterLab's own, with webpack's
// module federation, providing the Lumino packages the extension's renderers take from their
// host as shared singletons. It loads the extension the way JupyterLab's page does (its remote
// entry's init with the host's share scope, then get("./mimeExtension")). Built into
// artifacts/labext-host by test/e2e/lab-extension.test.ts.
const path = require("node:path");
const webpack = require("webpack");

const shared = Object.fromEntries(
  ["@lumino/widgets", "@lumino/datagrid", "@lumino/coreutils", "@lumino/signaling", "@lumino/messaging", "@lumino/disposable"].map((name) => [
    name,
    { singleton: true, requiredVersion: require(`${name}/package.json`).version },
  ]),
);

module.exports = {
  mode: "production",
  entry: path.join(__dirname, "index.js"),
  output: { path: path.join(__dirname, "..", "..", "..", "artifacts", "labext-host"), filename: "[name].js", publicPath: "auto", clean: true },
  devtool: false,
  performance: { hints: false },
  module: { rules: [{ test: /\.m?js$/, resolve: { fullySpecified: false } }] },
  plugins: [new webpack.container.ModuleFederationPlugin({ name: "radlab_labext_host", shared })],
};
