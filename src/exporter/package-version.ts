/** @module The version of the installed tradewatch package, for /health. */
import { readFileSync } from "node:fs";

/** Returns tradewatch's package.json version (two levels above this file in `src/` and `dist/`), or `"unknown"`. */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const { version } = JSON.parse(text) as { version?: unknown };
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}
