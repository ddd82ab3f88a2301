/** @module The published library as a bot author installs it: packed, installed into an empty project, required, compiled. */

import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const maxPackages = 5;
const maxUnpackedBytes = 3_000_000;

let work: string;
let project: string;
let packedFiles: readonly string[];

/** Every file under a directory, with its size. */
function files(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, size: statSync(path).size };
    });
}

/** The ```ts blocks of the README's API section that import the library. */
function readmeLibraryExamples(): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const api = readme.slice(readme.indexOf("\n## API"), readme.indexOf("\n## Benchmarks"));
  return [...api.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? "")
    .filter((code) =>
      /from "tradewatch(\/(metrics|catalog|recorder|instrument|exporter|dashboard))?"/.test(code),
    );
}

async function node(script: string, file: string): Promise<{ stdout: string; stderr: string }> {
  writeFileSync(join(project, file), script);
  return await run(process.execPath, [file], { cwd: project });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tradewatch-pack-"));
  project = join(work, "project");
  mkdirSync(project);
  // `npm run build` without its type check (CI's `npm run typecheck` is that check): declarations, then the code.
  await run(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noCheck"], { cwd: root });
  await run("npm", ["run", "build:js"], { cwd: root });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: root,
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error("npm pack printed no package");
  packedFiles = packed.files.map((file) => file.path);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "bot", version: "1.0.0", private: true, type: "module" }),
  );
  // The library's dependencies are in npm's cache since the repository's own install: the
  // registry is asked only for what is missing there.
  await run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      join(work, packed.filename),
    ],
    { cwd: project },
  );
}, 180_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("the packed library", () => {
  it(`installs as at most ${maxPackages} packages and ${maxUnpackedBytes / 1e6} MB unpacked`, () => {
    const lock = JSON.parse(
      readFileSync(join(project, "node_modules/.package-lock.json"), "utf8"),
    ) as {
      packages: Record<string, unknown>;
    };
    const installed = Object.keys(lock.packages).filter((key) => key.startsWith("node_modules/"));
    const bytes = files(join(project, "node_modules"))
      .filter((file) => !file.path.endsWith(".package-lock.json"))
      .reduce((sum, file) => sum + file.size, 0);
    console.log(
      `library install: ${installed.length} packages (${installed.join(", ")}), ${bytes} bytes`,
    );
    expect(installed.length).toBeLessThanOrEqual(maxPackages);
    expect(installed).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ccxt|better-sqlite3|grafana|trading-signals|lezer/),
      ]),
    );
    expect(bytes).toBeLessThanOrEqual(maxUnpackedBytes);
  });

  it("ships no tests, no source maps and no sources", () => {
    expect(packedFiles.filter((path) => /(^|\/)test\/|\.test\.|\.map$|^src\//.test(path))).toEqual(
      [],
    );
    expect(packedFiles).toContain("dist/metrics/index.js");
    expect(packedFiles).toContain("dist/dashboard/assets/vendor/uplot/uPlot.iife.min.js");
  });

  it("is required from CommonJS (Node 20.19+ require of ESM: no top-level await in the library)", async () => {
    const { stdout } = await node(
      `const { Counter, Registry } = require("tradewatch/metrics");
const registry = new Registry();
new Counter({ name: "fills_total", help: "Fills.", registers: [registry] }).inc(3);
for (const entry of ["tradewatch", "tradewatch/catalog", "tradewatch/recorder", "tradewatch/instrument", "tradewatch/exporter", "tradewatch/dashboard"]) {
  console.log(entry, Object.keys(require(entry)).length > 0);
}
registry.metrics().then((text) => console.log(text));
`,
      "check.cjs",
    );
    expect(stdout).toContain("fills_total 3");
    for (const entry of [
      "tradewatch",
      "tradewatch/catalog",
      "tradewatch/dashboard",
      "tradewatch/exporter",
    ]) {
      expect(stdout).toContain(`${entry} true`);
    }
  });

  it("serves the embedded dashboard's chart library without the uplot package", async () => {
    const { stdout } = await node(
      `import { Registry } from "tradewatch/metrics";
import { startMetricsServer } from "tradewatch/exporter";
import { dashboardPaths, mountDashboard } from "tradewatch/dashboard";
const registry = new Registry();
const server = await startMetricsServer({ registry, port: 0, host: "127.0.0.1" });
const dashboard = mountDashboard(server, { registry });
for (const path of [dashboardPaths.page, dashboardPaths.chartScript]) {
  const response = await fetch(server.url + path);
  console.log(path, response.status, (await response.text()).length);
}
dashboard.close();
await server.close();
`,
      "dashboard.mjs",
    ).catch((error: { stderr?: string }) => ({
      stdout: `failed: ${error.stderr ?? String(error)}`,
    }));
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" "));
    expect(lines.map(([path, status]) => [path, status])).toEqual([
      ["/", "200"],
      ["/dashboard/vendor/uPlot.iife.min.js", "200"],
    ]);
    expect(Number(lines[1]?.[2])).toBeGreaterThan(10_000);
  });

  it("fails with one line naming the packages to install when a layer's optional peer is missing", async () => {
    const { stdout } = await node(
      `for (const entry of ["tradewatch/bot", "tradewatch/analytics", "tradewatch/ops"]) {
  await import(entry).then(
    () => console.log(entry, "loaded"),
    (error) => console.log(error.code, "|", error.message),
  );
}
const { loadWriteRequestEncoder } = await import("tradewatch/exporter");
await loadWriteRequestEncoder().then(
  () => console.log("remote_write encoder loaded"),
  (error) => console.log(error.code, "|", error.message),
);
`,
      "peers.mjs",
    );
    expect(stdout.trim().split("\n")).toEqual([
      'ERR_PEER_DEPENDENCY_MISSING | tradewatch/bot needs "trading-signals", "csv-parse", which are not installed: run npm install trading-signals csv-parse',
      'ERR_PEER_DEPENDENCY_MISSING | tradewatch/analytics needs "better-sqlite3", which is not installed: run npm install better-sqlite3',
      'ERR_PEER_DEPENDENCY_MISSING | tradewatch/ops needs "@prometheus-io/lezer-promql", "@grafana/grafana-foundation-sdk", which are not installed: run npm install @prometheus-io/lezer-promql @grafana/grafana-foundation-sdk',
      'ERR_PEER_DEPENDENCY_MISSING | remote_write needs "@bufbuild/protobuf", which is not installed: run npm install @bufbuild/protobuf',
    ]);
  });

  it.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ])(
    "compiles the README's library examples under moduleResolution %s",
    async (moduleResolution, module) => {
      const examples = readmeLibraryExamples();
      expect(examples.length).toBeGreaterThanOrEqual(2);
      const dir = join(project, moduleResolution);
      mkdirSync(dir, { recursive: true });
      examples.forEach((code, index) => {
        writeFileSync(join(dir, `example-${index}.ts`), `${code}\nexport {};\n`);
      });
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module,
            moduleResolution,
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
            typeRoots: [join(root, "node_modules/@types")],
          },
          include: ["*.ts"],
        }),
      );
      const result = await run(process.execPath, [tsc, "-p", dir]).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
      );
      expect(result.stdout).toBe("");
    },
    120_000,
  );

  it("passes publint and attw (ESM-only profile)", async () => {
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz")) ?? "";
    const publint = await run(join(root, "node_modules/.bin/publint"), ["--strict"], { cwd: root });
    expect(publint.stdout).toContain("All good!");
    const attw = await run(
      join(root, "node_modules/.bin/attw"),
      [join(work, tarball), "--profile", "esm-only", "--format", "json"],
      {
        cwd: root,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    const problems = (
      JSON.parse(attw.stdout) as {
        analysis: { problems: { kind: string; resolutionKind: string }[] };
      }
    ).analysis.problems.filter(
      (problem) => !["node10", "node16-cjs"].includes(problem.resolutionKind),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
