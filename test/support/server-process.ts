/** @module Runs a real server binary for a test: captured logs, readiness wait, clean stop. */
import { type ChildProcess, spawn } from "node:child_process";
import { rm } from "node:fs/promises";

/** A server process a test started. */
export interface ServerProcess {
  /** Everything the process logged so far (the last 100-200 kB). */
  logs(): string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes its temp dir. */
  stop(): Promise<void>;
}

/** How to start and recognise a ready server. */
export interface ServerProcessOptions {
  /** Name for error messages, e.g. "Prometheus". */
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The temp dir the server owns; removed on stop and on a failed start. */
  readonly dir: string;
  /** Base URL; the server is ready once `${url}${readyPath}` answers 2xx. */
  readonly url: string;
  /** The readiness path; `/-/ready` (Prometheus's servers) by default. */
  readonly readyPath?: string | undefined;
  /** How long to wait for readiness; 30 s by default. */
  readonly readyTimeoutMs?: number | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Spawns the binary and resolves once it answers its readiness path; throws with its log when it exits
 * first or is not ready in time (having stopped it and removed its dir). If the test process
 * ends without `stop()`, the server is killed with it.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(options.binary, [...options.args], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited = false;
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      process.removeListener("exit", killOnExit);
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitedPromise;
      clearTimeout(killer);
    }
    await rm(options.dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (spawnError !== undefined || exited) {
      await stop();
      throw new Error(
        `${options.name} (${options.binary}) exited before it was ready: ${spawnError?.message ?? ""}\n${log}`,
      );
    }
    try {
      if ((await fetch(`${options.url}${options.readyPath ?? "/-/ready"}`)).ok)
        return { logs: () => log, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready on ${options.url} in time:\n${log}`);
    }
    await sleep(100);
  }
}
