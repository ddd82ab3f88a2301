/** @module Starts the real Pushgateway (Debian package `prometheus-pushgateway`) on 127.0.0.1 for tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "../support/free-port.js";

/** A running Pushgateway; `stop()` it in `afterAll`. */
export interface PushgatewayServer {
  readonly url: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Options of {@link startPushgateway}. */
export interface PushgatewayServerOptions {
  /** Basic-auth users and their bcrypt hashes (`web.config.file` `basic_auth_users`). */
  readonly basicAuthUsers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Starts `/usr/bin/prometheus-pushgateway` (or `PUSHGATEWAY`) in memory and waits for `/-/ready`.
 * A free port can be taken by another test's server between `freePort()` and the bind; then our
 * process exits while `/-/ready` answers from the other one, so a start counts only when our
 * process is still running after answering, and is retried on a new port otherwise.
 */
export async function startPushgateway(
  options: PushgatewayServerOptions = {},
): Promise<PushgatewayServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPushgatewayOnce(options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startPushgatewayOnce(options: PushgatewayServerOptions): Promise<PushgatewayServer> {
  const port = await freePort();
  // Debian's build persists to /var/lib/prometheus/pushgateway.data unless told otherwise, which
  // carried one test run's groups into the next; empty keeps metrics in memory only.
  const args = [
    `--web.listen-address=127.0.0.1:${port}`,
    "--persistence.file=",
    "--log.level=warn",
  ];
  let dir: string | undefined;
  if (options.basicAuthUsers !== undefined) {
    dir = await mkdtemp(join(tmpdir(), "tradewatch-pushgateway-"));
    const webConfig = join(dir, "web.yml");
    await writeFile(webConfig, stringify({ basic_auth_users: options.basicAuthUsers }));
    args.push(`--web.config.file=${webConfig}`);
  }
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.env.PUSHGATEWAY ?? "/usr/bin/prometheus-pushgateway",
    args,
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      // With basic auth, a 401 also shows it is up.
      const status = (await fetch(`${url}/-/ready`)).status;
      if (status === 200 || (dir !== undefined && status === 401)) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Pushgateway did not become ready on ${url}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Ready may have been answered by another process on the same port: ours must still run.
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (child.exitCode !== null) {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    throw new PortTakenError(`Pushgateway on ${url} exited after start:\n${log}`);
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
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}
