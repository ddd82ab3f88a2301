/** @module The library's import graph: no library entry point reaches the bot, analytics, ops or a heavy package. */

import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const src = join(root, "src");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** The entry points of the light library: what `npm install tradewatch` must run without a peer. */
const libraryEntries = [
  "index.ts",
  "metrics/index.ts",
  "catalog/index.ts",
  "recorder/index.ts",
  "instrument/index.ts",
  "exporter/index.ts",
  "dashboard/index.ts",
];

/**
 * Files of the heavy layers the dashboard reads its event types and topic names from: plain
 * declarations that import nothing heavy (checked below, as every file reached is).
 */
const allowedHeavyLayerFiles = [
  "bot/events.ts",
  "bot/message-bus.ts",
  "bot/switchboard.ts",
  "bot/types.ts",
];

// Static imports and re-exports that stay in the emitted JavaScript (type-only ones are erased).
const importPattern =
  /^\s*(?:import|export)\s+(?!type\s)(?:[\s\S]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

const packageName = (specifier: string): string =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * Every source file a library entry reaches at run time, each package it imports statically
 * (with the importing file), and each it loads on use with a dynamic `import()`.
 */
function reach(entry: string): {
  files: Set<string>;
  packages: Map<string, string>;
  onUse: Map<string, string>;
} {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const onUse = new Map<string, string>();
  const stack = [join(src, entry)];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of stripComments(readFileSync(file, "utf8")).matchAll(importPattern)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
        if (!existsSync(target))
          throw new Error(`${relative(src, file)} imports missing ${specifier}`);
        stack.push(target);
      } else if (!specifier.startsWith("node:") && !builtinModules.includes(specifier)) {
        (match[1] === undefined ? onUse : packages).set(
          packageName(specifier),
          relative(src, file),
        );
      }
    }
  }
  return { files, packages, onUse };
}

describe("the library's import graph", () => {
  it.each(libraryEntries)("%s reaches no bot, analytics, ops or cli code", (entry) => {
    const outside = [...reach(entry).files]
      .map((file) => relative(src, file))
      .filter(
        (file) => /^(bot|analytics|ops|cli)\//.test(file) && !allowedHeavyLayerFiles.includes(file),
      );
    expect(outside).toEqual([]);
  });

  it.each(libraryEntries)(
    "%s imports only node built-ins and the library's own dependencies",
    (entry) => {
      const reached = reach(entry);
      const foreign = [...reached.packages]
        .filter(([name]) => !(name in pkg.dependencies))
        .map(
          ([name, file]) => `${file} imports ${name}, which is not in package.json dependencies`,
        );
      expect(foreign).toEqual([]);
      // What a library entry loads on use (remote_write's encoder) is an optional peer, and the
      // file that loads it turns its absence into ERR_PEER_DEPENDENCY_MISSING.
      for (const [name, file] of reached.onUse) {
        expect(
          name in pkg.dependencies || pkg.peerDependenciesMeta[name]?.optional === true,
          `${file} loads ${name}`,
        ).toBe(true);
        if (!(name in pkg.dependencies))
          expect(readFileSync(join(src, file), "utf8")).toContain("ERR_PEER_DEPENDENCY_MISSING");
      }
    },
  );

  it("sees through the patterns it checks (a heavy import is found)", () => {
    const bot = reach("bot/index.ts");
    expect([...bot.packages.keys()]).toEqual(
      expect.arrayContaining(["trading-signals", "csv-parse"]),
    );
    expect(reach("analytics/index.ts").packages.has("better-sqlite3")).toBe(true);
  });
});
