/** @module Starts the real Pushgateway (Debian package `prometheus-pushgateway`) on 127.0.0.1 for tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../support/free-port.js";

/** A running Pushgateway; `stop()` it in `afterAll`. */
export interface PushgatewayServer {
  readonly url: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Starts `/usr/bin/prometheus-pushgateway` (or `PUSHGATEWAY`) in memory and waits for `/-/ready`. */
export async function startPushgateway(): Promise<PushgatewayServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.env.PUSHGATEWAY ?? "/usr/bin/prometheus-pushgateway",
    [`--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Pushgateway did not become ready on ${url}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    logs: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
