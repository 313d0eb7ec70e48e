// Builds wwwroot/dist from npm packages: vendored scripts are copied, Tailwind compiles the stylesheet, and each script and
// stylesheet gets a .br beside it at Brotli's best quality (the server sends that instead of compressing fast per request).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "wwwroot", "dist");
mkdirSync(join(dist, "lib"), { recursive: true });

const vendored = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "signalr.min.js": "node_modules/@microsoft/signalr/dist/browser/signalr.min.js",
  "chart.umd.min.js": "node_modules/chart.js/dist/chart.umd.min.js",
  // Loaded on demand by scan-card.js where the browser has no BarcodeDetector of its own (ZXing in WebAssembly).
  "barcode-detector.js": "node_modules/barcode-detector/dist/iife/ponyfill.js",
  "zxing_reader.wasm": "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm",
};
for (const [name, from] of Object.entries(vendored)) cpSync(join(root, from), join(dist, "lib", name));

// The small scripts every page runs, as one file: one request instead of nine, which matters on a slow mobile link over
// HTTP/1.1 (six connections at a time). Each file is already a self-contained IIFE; the sources stay in wwwroot/js.
const everyPage = ["site", "notifications", "push", "tickets", "copy", "share", "scan-card", "card", "pickers"];
writeFileSync(join(dist, "portal.js"), everyPage
  .map(name => `// ${name}.js\n` + readFileSync(join(root, "wwwroot", "js", name + ".js"), "utf8").trimEnd() + "\n")
  .join(";\n"));

execFileSync(process.execPath, [
  join(root, "node_modules", "@tailwindcss", "cli", "dist", "index.mjs"),
  "--input", join(root, "src", "Portal", "Styles", "app.css"),
  "--output", join(dist, "app.css"),
  "--minify",
], { stdio: "inherit", cwd: root });

for (const entry of readdirSync(dist, { recursive: true })) {
  const file = join(dist, entry);
  if (!/\.(js|css)$/.test(file)) continue;
  writeFileSync(file + ".br", brotliCompressSync(readFileSync(file), {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }));
}
