/** @module Runs the real `promtool` (Debian package `prometheus`) from tests. */

import { spawn } from "node:child_process";

/** The promtool binary the tests run; `PROMTOOL` overrides it. */
export const promtoolPath = process.env.PROMTOOL ?? "/usr/bin/promtool";

/** What one promtool run produced. */
export interface PromtoolResult {
  /** The process exit code: 0 clean, 1 error (e.g. parse failure), 3 lint problems only. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * Every non-empty line promtool printed (stdout then stderr), except its `SUCCESS`/
   * `Checking` banners: lint problems (`metric_name problem text`) and errors. Empty when
   * the input is clean.
   */
  readonly problems: readonly string[];
}

/**
 * Runs promtool with these arguments, writing `input` (if any) to its standard input.
 *
 * @example
 * const result = await runPromtool(["check", "rules", "/tmp/rules.yml"]);
 * expect(result.problems).toEqual([]);
 */
export async function runPromtool(
  args: readonly string[],
  input?: string | undefined,
): Promise<PromtoolResult> {
  return await new Promise<PromtoolResult>((resolve, reject) => {
    const child = spawn(promtoolPath, args, { stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const out = Buffer.concat(stdout).toString("utf8");
      const err = Buffer.concat(stderr).toString("utf8");
      const problems = `${out}\n${err}`
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !/^(SUCCESS|Checking)\b/.test(line));
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: out, stderr: err, problems });
    });
    child.stdin.on("error", () => {
      // promtool may exit before reading all of its input; the exit code tells why.
    });
    child.stdin.end(input ?? "");
  });
}

/**
 * Runs `promtool check metrics` on an exposition in the Prometheus text format and
 * returns its verdict: `exitCode` 0 and no `problems` means no parse error and no lint
 * warning.
 *
 * @example
 * const result = await checkMetrics(await registry.metrics());
 * expect(result.problems).toEqual([]);
 * expect(result.exitCode).toBe(0);
 */
export async function checkMetrics(exposition: string): Promise<PromtoolResult> {
  return await runPromtool(["check", "metrics"], exposition);
}
