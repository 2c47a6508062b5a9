// Diagnostic preload for `npm run bench`: load after scripts/register-ts.js
// (`node -r ./scripts/register-ts.js -r ./scripts/bench/no-source-maps.js ...`) to undo its
// process.setSourceMapsEnabled(true). The synth output is identical; only stack traces
// (which cdktf captures for every token it creates) stop being source-mapped.
"use strict";
process.setSourceMapsEnabled(false);
