/** @module Test helper: runs `tradewatch run` (the reference bot, `npm start`) as a child process on a free port. */

import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./free-port.js";

/** A running `tradewatch run`. */
export interface TradewatchRun {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  /** Stops the bot with SIGTERM (SIGKILL after 10 s) and resolves once it exited. */
  stop(): Promise<void>;
}

/** How to start the bot. */
export interface TradewatchRunOptions {
  /** Arguments after `run` (`--port` is added). */
  readonly args: readonly string[];
  /** Extra environment variables (the rest is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for /ready (default 60 s). */
  readonly readyTimeoutMs?: number;
}

const root = new URL("../..", import.meta.url).pathname;

/** Spawns `tsx src/cli/bin.ts run --port <free> ...args` and resolves once /ready answers 200. */
export async function startTradewatchRun(options: TradewatchRunOptions): Promise<TradewatchRun> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", "run", "--port", String(port), ...options.args],
    {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running()) child.kill("SIGTERM");
    const timer = setTimeout(() => running() && child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    try {
      if ((await fetch(`${url}/ready`)).status === 200) break;
    } catch {}
    if (!running() || Date.now() > deadline) {
      await stop();
      throw new Error(`tradewatch run ${options.args.join(" ")} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port, url, output: () => output, stop };
}
