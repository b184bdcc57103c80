/**
 * The static site's own stylesheet and script (assets/site.css, assets/site.js). The script
 * draws every Plotly figure from the JSON beside its host with the shared plotly.js, hands
 * every widget's payload to the widget bundle (`window.radlabWidgets.render(mime, data, host)`)
 * when the site has it, keeping the text/html fallback otherwise or if rendering fails, and
 * folds or unfolds all code cells. Data is read with JSON.parse from `<script type=
 * "application/json">` elements and never written as HTML. When everything is drawn it sets
 * `data-ready` on <body> (the tests wait for it).
 */

export const SITE_CSS = `
body { font: 15px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #222; margin: 0; }
header { background: #f4f6f8; border-bottom: 1px solid #d8dde3; padding: 8px 24px; }
.rl-site { margin: 0; font-weight: 600; }
.rl-nav a { margin-right: 12px; white-space: nowrap; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 24px 40px; }
footer { color: #666; font-size: 13px; padding: 12px 24px; border-top: 1px solid #eee; }
.rl-meta { color: #555; font-size: 13px; }
.rl-cell { margin: 12px 0; }
details.rl-code { background: #f7f7f9; border: 1px solid #e3e3e8; border-radius: 4px; }
details.rl-code > summary { cursor: pointer; color: #555; font: 12px monospace; padding: 3px 8px; }
details.rl-code pre { margin: 0; padding: 6px 10px; overflow-x: auto; font-size: 13px; }
.rl-outputs { margin: 6px 0 0 0; overflow-x: auto; }
pre.rl-stream { background: #fff; margin: 4px 0; font-size: 13px; white-space: pre-wrap; }
pre.rl-stderr, pre.rl-error { background: #fff1f0; color: #8a1f11; }
.rl-table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
.rl-table td, .rl-table th { border-bottom: 1px solid #e0e0e0; padding: 3px 8px; text-align: left; vertical-align: top; }
.rl-table code, pre { font-size: 12px; }
.rl-warning { background: #fff8e1; padding: 6px 10px; }
.rl-record { color: #555; font-style: italic; }
.rl-index li { margin-bottom: 10px; }
`;

export const SITE_JS = `(function () {
  "use strict";
  function data(element) { return JSON.parse(element.textContent); }
  function drawFigures() {
    var scripts = document.querySelectorAll("script[data-plot-for]");
    var drawing = [];
    for (var n = 0; n < scripts.length; n++) {
      var host = document.getElementById(scripts[n].getAttribute("data-plot-for"));
      if (!host || !window.Plotly) continue;
      var figure = data(scripts[n]);
      var config = Object.assign({ displaylogo: false, responsive: false }, figure.config || {});
      drawing.push(window.Plotly.newPlot(host, figure.data, figure.layout, config).then((function (h) {
        return function () { h.setAttribute("data-drawn", "true"); };
      })(host)));
    }
    return Promise.all(drawing);
  }
  function drawWidgets() {
    var api = window.radlabWidgets;
    var scripts = document.querySelectorAll("script[data-widget-for]");
    var drawing = [];
    for (var n = 0; n < scripts.length; n++) {
      var host = document.getElementById(scripts[n].getAttribute("data-widget-for"));
      if (!host) continue;
      if (!api || typeof api.render !== "function") { host.setAttribute("data-widget", "fallback"); continue; }
      var fallback = Array.prototype.slice.call(host.childNodes);
      var mount = document.createElement("div");
      mount.className = "rl-widget-mount";
      host.appendChild(mount);
      fallback.forEach(function (node) { if (node.style) node.style.display = "none"; });
      drawing.push(Promise.resolve().then((function (h, m, f, mime, payload) {
        return function () { return api.render(mime, payload, m); };
      })(host, mount, fallback, host.getAttribute("data-mime"), data(scripts[n]))).then((function (h, f) {
        return function () { f.forEach(function (node) { h.removeChild(node); }); h.setAttribute("data-widget", "interactive"); };
      })(host, fallback), (function (h, m, f) {
        return function (error) {
          h.removeChild(m);
          f.forEach(function (node) { if (node.style) node.style.display = ""; });
          h.setAttribute("data-widget", "failed");
          var note = document.createElement("p");
          note.className = "rl-meta";
          note.textContent = "The interactive widget could not be drawn here (" + (error && error.message ? error.message : error) + "); its static version is shown.";
          h.insertBefore(note, h.firstChild);
        };
      })(host, mount, fallback)));
    }
    return Promise.all(drawing);
  }
  function folding() {
    var buttons = document.querySelectorAll("button[data-fold]");
    for (var n = 0; n < buttons.length; n++) {
      buttons[n].addEventListener("click", function (event) {
        var open = event.target.getAttribute("data-fold") === "open";
        var cells = document.querySelectorAll("details.rl-code");
        for (var k = 0; k < cells.length; k++) cells[k].open = open;
      });
    }
  }
  function start() {
    folding();
    Promise.all([drawFigures(), drawWidgets()]).then(
      function () { document.body.setAttribute("data-ready", "true"); },
      function (error) { document.body.setAttribute("data-ready", "error: " + (error && error.message ? error.message : error)); }
    );
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
`;
