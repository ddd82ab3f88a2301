/** @module docs/OPERATIONS.md cannot rot: every `promql` block passes the catalog linter, and every `sh` block runs, in order, in a fresh directory against a real bot, Prometheus, Alertmanager, Pushgateway and VictoriaMetrics (free ports in place of the defaults); blocks under a visible **Needs Docker** or **Needs root** marker are listed, not run. */
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSeriesIndex } from "../../src/ops/lint/catalog-index.js";
import { lintExpression } from "../../src/ops/lint/expression-linter.js";
import { freePort } from "../support/free-port.js";

const root = join(import.meta.dirname, "..", "..");
const guidePath = join(root, "docs", "OPERATIONS.md");

interface Block {
  readonly language: string;
  readonly code: string;
  /** The marker line that keeps the block from running, if any. */
  readonly marker: string | undefined;
  readonly line: number;
}

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\S*)\s*$/.exec(lines[index]!);
    if (open === null) continue;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !lines[index]!.startsWith("```"); index++) {
      body.push(lines[index]!);
    }
    let previous = start - 1;
    while (previous >= 0 && lines[previous]!.trim() === "") previous--;
    const before = previous >= 0 ? lines[previous]! : "";
    blocks.push({
      language: open[1]!,
      code: body.join("\n"),
      marker: /\*\*Needs (Docker|root)\*\*/.exec(before)?.[0],
      line: start + 1,
    });
  }
  return blocks;
}

const guide = await readFile(guidePath, "utf8");
const blocks = blocksOf(guide);

describe("docs/OPERATIONS.md", () => {
  it("has a cookbook whose every PromQL expression passes the catalog linter", () => {
    const promql = blocks.filter((block) => block.language === "promql");
    expect(promql.length).toBeGreaterThanOrEqual(10);
    const index = catalogSeriesIndex();
    const problems = promql.flatMap((block) =>
      lintExpression(block.code.trim(), index).problems.map(
        (problem) => `line ${block.line}: ${block.code.trim()}: ${problem.message}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  it("has only sh and promql blocks, and marks every block it does not run", () => {
    const kinds = new Set(blocks.map((block) => block.language));
    expect([...kinds].sort()).toEqual(["promql", "sh"]);
    const skipped = blocks.filter((block) => block.language === "sh" && block.marker !== undefined);
    for (const block of skipped) {
      if (block.marker === "**Needs Docker**") expect(block.code).toMatch(/\bdocker\b/);
      else expect(block.code).toMatch(/\bapt-get\b/);
    }
  });

  describe("every sh block, run in order", () => {
    let directory: string;
    const ports = new Map<number, number>();
    const run = promisify(execFile);

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), "tradewatch-guide-"));
      for (const port of [9100, 9090, 9093, 9091, 8428]) ports.set(port, await freePort());
      // `tradewatch` on the PATH, as `npm install -g tradewatch` would put it.
      const bin = join(directory, ".bin");
      await run("mkdir", ["-p", bin]);
      await writeFile(
        join(bin, "tradewatch"),
        `#!/bin/sh\nexec "${process.execPath}" --import "${join(root, "node_modules", "tsx", "dist", "loader.mjs")}" "${join(root, "src", "cli", "bin.ts")}" "$@"\n`,
      );
      await chmod(join(bin, "tradewatch"), 0o755);
    });

    afterAll(async () => {
      // Whatever a failed block left running.
      const env = { ...process.env, PATH: `${join(directory, ".bin")}:${process.env.PATH}` };
      await run("sh", ["-c", 'tradewatch stack down; kill "$(cat bot.pid)" 2>/dev/null; true'], {
        cwd: directory,
        env,
      }).catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    });

    /** The block as written, on this test's free ports instead of the defaults. */
    function onFreePorts(code: string): string {
      const at = (port: number) => ports.get(port)!;
      let text = code;
      for (const [port, free] of ports)
        text = text.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${free}`);
      return text
        .replace(/tradewatch run /g, `tradewatch run --port ${at(9100)} `)
        .replace(
          /tradewatch stack up /g,
          `tradewatch stack up --bot 127.0.0.1:${at(9100)} --prometheus-port ${at(9090)} --alertmanager-port ${at(9093)} --pushgateway-port ${at(9091)} --long-term-port ${at(8428)} `,
        );
    }

    const runnable = blocks.filter(
      (block) => block.language === "sh" && block.marker === undefined,
    );

    it("has blocks for setup, troubleshooting, backup and reload", () => {
      const all = runnable.map((block) => block.code).join("\n");
      for (const command of [
        "tradewatch run",
        "tradewatch stack up",
        "tradewatch stack reload",
        "/api/v1/admin/tsdb/snapshot",
        "/snapshot/create",
        "tradewatch journal backup",
        "tradewatch stack down",
      ]) {
        expect(all).toContain(command);
      }
    });

    for (const block of runnable) {
      it(`runs the block at line ${block.line}: ${block.code.split("\n")[0]}`, async () => {
        const result = await run("bash", ["-euo", "pipefail", "-c", onFreePorts(block.code)], {
          cwd: directory,
          env: { ...process.env, PATH: `${join(directory, ".bin")}:${process.env.PATH}` },
          timeout: 120_000,
        }).then(
          ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
          (error: { code?: number; stdout: string; stderr: string }) => ({
            code: error.code,
            stdout: error.stdout,
            stderr: error.stderr,
          }),
        );
        expect(
          result,
          `${block.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
        ).toMatchObject({
          code: 0,
        });
        // What the guide promises the operator will see.
        if (block.code.includes("grep -c '^tradewatch_cycles_total'")) {
          expect(Number(result.stdout.trim().split("\n").at(-1))).toBeGreaterThan(0);
        }
        if (block.code.includes("count by (job, instance)")) {
          expect(result.stdout).toContain(`"instance":"127.0.0.1:${ports.get(9100)}"`);
        }
        if (block.code.includes("tradewatch stack reload")) {
          expect(result.stdout).toMatch(/^Reloaded prometheus on .*\nReloaded alertmanager on /);
        }
        if (block.code.includes("tradewatch journal backup")) {
          expect(result.stdout.toLowerCase()).toContain("ok");
        }
      }, 150_000);
    }
  });
});
