/** @module Runs every bench/*.bench.ts in turn, or those whose name contains an argument. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(benchDirectory)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  process.stderr.write(
    `No benchmark matches ${filters.map((filter) => `"${filter}"`).join(", ")} in ${benchDirectory}\n`,
  );
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  process.stdout.write(`## ${file}\n\n`);
  // A fresh process per file: no JIT state or heap shared between benchmarks, and
  // --expose-gc for the heap-per-series measurements.
  const result = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(benchDirectory, file)],
    { stdio: "inherit", cwd: dirname(benchDirectory) },
  );
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${file} failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
