#!/usr/bin/env node
// Runs the compiled command line; `npm run build` writes dist/.
import "../dist/cli/bin.js";
