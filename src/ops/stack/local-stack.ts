/** @module Runs the machine's installed Prometheus, Alertmanager and Pushgateway (Debian packages) with the generated configuration, in a data directory of their own. */
import { spawn } from "node:child_process";
import { constants, existsSync, openSync } from "node:fs";
import { access, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TradewatchError } from "../../errors.js";
import { alertRuleGroups } from "../generate/alert-rules.js";
import { alertmanagerConfig, alertmanagerSecrets } from "../generate/alertmanager-config.js";
import { prometheusConfig } from "../generate/prometheus-config.js";
import { recordingRuleGroups } from "../generate/recording-rules.js";
import { yamlFile } from "../generate/yaml-file.js";
import type { BundleOptions } from "../types.js";

/** The three services of the local stack. */
export type StackComponentName = "prometheus" | "alertmanager" | "pushgateway";

/** One service: its binary, the Debian package that ships it, and where it listens. */
export interface StackComponent {
  readonly name: StackComponentName;
  readonly binary: string;
  readonly debianPackage: string;
  readonly target: string;
}

/** Where the stack lives and what it runs. */
export interface StackOptions {
  /** The stack's own data directory (configuration, TSDB, logs, pid files). */
  readonly directory: string;
  readonly bundle: BundleOptions;
  /** Binaries by component; default `/usr/bin/prometheus`, `/usr/bin/prometheus-alertmanager`, `/usr/bin/prometheus-pushgateway`. */
  readonly binaries?: Partial<Record<StackComponentName, string>> | undefined;
  /** Environment the secret files are filled from; `process.env` by default. */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
  /** How long to wait for each service's `/-/ready`; 30 s by default. */
  readonly readyTimeoutMs?: number | undefined;
}

/** The state of one service as `stack status` reports it. */
export interface ComponentStatus {
  readonly component: StackComponent;
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly url: string;
  readonly log: string;
}

const defaultBinaries: Record<StackComponentName, string> = {
  prometheus: "/usr/bin/prometheus",
  alertmanager: "/usr/bin/prometheus-alertmanager",
  pushgateway: "/usr/bin/prometheus-pushgateway",
};

const debianPackages: Record<StackComponentName, string> = {
  prometheus: "prometheus",
  alertmanager: "prometheus-alertmanager",
  pushgateway: "prometheus-pushgateway",
};

/** Returns the three components with their binaries and listen addresses. */
export function stackComponents(options: StackOptions): StackComponent[] {
  const target: Record<StackComponentName, string> = {
    prometheus: options.bundle.prometheusTarget,
    alertmanager: options.bundle.alertmanagerTarget,
    pushgateway: options.bundle.pushgatewayTarget,
  };
  return (["prometheus", "alertmanager", "pushgateway"] as const).map((name) => ({
    name,
    binary: options.binaries?.[name] ?? defaultBinaries[name],
    debianPackage: debianPackages[name],
    target: target[name],
  }));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True when `pid` is alive and runs `binary`: a stale pid file whose number the kernel has
 * given to another process must never make `stack down` signal that process.
 */
async function runs(pid: number, binary: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (commandLine === undefined) return process.platform !== "linux";
  return commandLine.split("\0")[0] === binary;
}

async function readPid(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  const pid = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function argumentsOf(component: StackComponent, directory: string): string[] {
  const home = join(directory, component.name);
  switch (component.name) {
    case "prometheus":
      return [
        `--config.file=${join(home, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(home, "data")}`,
        "--storage.tsdb.retention.time=30d",
        `--web.listen-address=${component.target}`,
        "--web.enable-lifecycle",
      ];
    case "alertmanager":
      return [
        `--config.file=${join(home, "alertmanager.yml")}`,
        `--storage.path=${join(home, "data")}`,
        `--web.listen-address=${component.target}`,
        "--cluster.listen-address=",
      ];
    case "pushgateway":
      return [
        `--web.listen-address=${component.target}`,
        `--persistence.file=${join(home, "metrics.store")}`,
      ];
  }
}

/** Writes the stack's configuration: prometheus.yml and rules, alertmanager.yml and its secret files (from the environment, mode 0600). */
export async function writeStackConfiguration(options: StackOptions): Promise<void> {
  const directory = resolve(options.directory);
  const prometheusHome = join(directory, "prometheus");
  const alertmanagerHome = join(directory, "alertmanager");
  await mkdir(join(prometheusHome, "rules"), { recursive: true });
  await mkdir(join(alertmanagerHome, "secrets"), { recursive: true, mode: 0o700 });
  await mkdir(join(directory, "pushgateway"), { recursive: true });
  await writeFile(
    join(prometheusHome, "rules", "alerts.yml"),
    yamlFile(alertRuleGroups(options.bundle)),
  );
  await writeFile(
    join(prometheusHome, "rules", "recording.yml"),
    yamlFile(recordingRuleGroups(options.bundle)),
  );
  await writeFile(
    join(prometheusHome, "prometheus.yml"),
    yamlFile(prometheusConfig(options.bundle)),
  );
  await writeFile(
    join(alertmanagerHome, "alertmanager.yml"),
    yamlFile(alertmanagerConfig(options.bundle)),
  );
  const environment = options.environment ?? process.env;
  for (const secret of alertmanagerSecrets) {
    // Alertmanager fails a notification, not its start, when a secret file is empty.
    await writeFile(join(alertmanagerHome, secret.file), environment[secret.env] ?? "", {
      mode: 0o600,
    });
  }
}

/** Throws naming the apt-get command when a component's binary is not installed. */
export async function checkBinaries(components: readonly StackComponent[]): Promise<void> {
  const missing: StackComponent[] = [];
  for (const component of components) {
    try {
      await access(component.binary, constants.X_OK);
    } catch {
      missing.push(component);
    }
  }
  if (missing.length > 0) {
    throw new TradewatchError(
      "ERR_MISSING_BINARY",
      `Missing ${missing.map((component) => `${component.name} (${component.binary})`).join(", ")}: install with \`sudo apt-get install ${missing.map((component) => component.debianPackage).join(" ")}\``,
    );
  }
}

/** Returns what runs (pid files whose process is alive), with URLs and log files. */
export async function stackStatus(options: StackOptions): Promise<ComponentStatus[]> {
  const directory = resolve(options.directory);
  return await Promise.all(
    stackComponents(options).map(async (component) => {
      const pid = await readPid(join(directory, `${component.name}.pid`));
      return {
        component,
        pid,
        running: pid !== undefined && (await runs(pid, component.binary)),
        url: `http://${component.target}`,
        log: join(directory, `${component.name}.log`),
      };
    }),
  );
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function waitReady(url: string, pid: number, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(pid)) {
      const tail = (await readFile(log, "utf8").catch(() => "")).split("\n").slice(-15).join("\n");
      throw new TradewatchError(
        "ERR_STACK_START_FAILED",
        `Process ${pid} for ${url} exited during start; its log (${log}) ends:\n${tail}`,
      );
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new TradewatchError(
        "ERR_STACK_START_FAILED",
        `${url} was not ready within ${timeoutMs} ms; see ${log}`,
      );
    }
    await sleep(150);
  }
}

/**
 * Writes the configuration, starts every component that is not already running
 * (detached, logging to `<component>.log`, pid in `<component>.pid`), and waits until each
 * answers `/-/ready`.
 */
export async function stackUp(options: StackOptions): Promise<ComponentStatus[]> {
  const directory = resolve(options.directory);
  const components = stackComponents(options);
  await checkBinaries(components);
  await writeStackConfiguration(options);
  const before = await stackStatus(options);
  for (const status of before) {
    if (status.running) continue;
    const { component } = status;
    const logFd = openSync(status.log, "a");
    const child = spawn(component.binary, argumentsOf(component, directory), {
      cwd: join(directory, component.name),
      detached: true,
      stdio: ["ignore", logFd, logFd],
    });
    const pid = await new Promise<number>((done, fail) => {
      child.once("error", (error) =>
        fail(
          new TradewatchError(
            "ERR_STACK_START_FAILED",
            `Cannot start ${component.binary}: ${error.message}`,
          ),
        ),
      );
      child.once("spawn", () => done(child.pid!));
    });
    child.unref();
    await writeFile(join(directory, `${component.name}.pid`), `${pid}\n`);
  }
  for (const status of await stackStatus(options)) {
    await waitReady(status.url, status.pid!, status.log, options.readyTimeoutMs ?? 30_000);
  }
  return await stackStatus(options);
}

/** Stops every running component (SIGTERM, SIGKILL after 10 s) and removes the pid files; returns what was stopped. */
export async function stackDown(options: StackOptions): Promise<StackComponentName[]> {
  const directory = resolve(options.directory);
  const stopped: StackComponentName[] = [];
  for (const status of await stackStatus(options)) {
    const pidFile = join(directory, `${status.component.name}.pid`);
    if (status.running && status.pid !== undefined) {
      process.kill(status.pid, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (isAlive(status.pid) && Date.now() < deadline) await sleep(100);
      if (isAlive(status.pid)) process.kill(status.pid, "SIGKILL");
      stopped.push(status.component.name);
    }
    if (existsSync(pidFile)) await rm(pidFile);
  }
  return stopped;
}
