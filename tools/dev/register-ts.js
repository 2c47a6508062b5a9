// Require hook for the cdktf app: strips TypeScript types with SWC (no type checking,
// `npm run typecheck` does that) and caches the output by content hash, so an unchanged
// file costs one small read. Measured in `npm run bench`: ts-node's fastest mode (swc,
// transpile-only) spends ~0.6 s per synth compiling the same files again; this ~0.02 s.
// The output carries inline source maps, but Node applies them only when asked
// (`NODE_OPTIONS=--enable-source-maps`): cdktf captures a stack trace for every token,
// and mapping those costs a third of a 1000-container synth (docs/benchmark.md).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "docker-iac-ts");
const OPTIONS = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};
const SALT = JSON.stringify(OPTIONS) + process.version;
let swc; // loaded only on a cache miss: its native binding costs ~50 ms

function compile(source, filename) {
  const key = crypto.createHash("sha256").update(SALT).update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    swc = swc || require("@swc/core");
    const { code } = swc.transformSync(source, { ...OPTIONS, filename });
    const scratch = `${cached}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      fs.writeFileSync(scratch, code);
      fs.renameSync(scratch, cached); // atomic: parallel synths never read half a file
    } catch {
      // A node_modules this user cannot write (another user's, read-only): compile every time.
      fs.rmSync(scratch, { force: true });
    }
    return code;
  }
}

// Inside this repo the package's own name means the library's source, as tsconfig "paths"
// and jest's moduleNameMapper say: stacks import "docker-iac" the way a user's app does.
const Module = require("module");
const PACKAGE_NAME = require("../../package.json").name;
const LIBRARY_ENTRY = path.join(__dirname, "..", "..", "constructs", "index.ts");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveOwnPackage(request, ...rest) {
  return resolveFilename.call(this, request === PACKAGE_NAME ? LIBRARY_ENTRY : request, ...rest);
};

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
};
