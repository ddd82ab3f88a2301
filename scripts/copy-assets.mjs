// Copies the files the build does not compile next to the compiled code: the dashboard page and
// the three uPlot files it serves (so the published library does not depend on the uplot package).
import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

cpSync("src/dashboard/assets", "dist/dashboard/assets", { recursive: true });
const require = createRequire(import.meta.url);
mkdirSync("dist/dashboard/assets/vendor/uplot", { recursive: true });
for (const file of ["dist/uPlot.iife.min.js", "dist/uPlot.min.css", "LICENSE"]) {
  cpSync(
    require.resolve(`uplot/${file}`),
    `dist/dashboard/assets/vendor/uplot/${file.split("/").pop()}`,
  );
}
