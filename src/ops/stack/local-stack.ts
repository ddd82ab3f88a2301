/** @module Runs the machine's installed Prometheus, Alertmanager and Pushgateway (Debian packages) with the generated configuration, in a data directory of their own, and checks that each one it started is the server answering on its port. */
import { spawn } from "node:child_process";
import { constants, openSync } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { TradewatchError } from "../../errors.js";
import { alertRuleGroups } from "../generate/alert-rules.js";
import { alertmanagerConfig, alertmanagerSecrets } from "../generate/alertmanager-config.js";
import { prometheusConfig } from "../generate/prometheus-config.js";
import { recordingRuleGroups } from "../generate/recording-rules.js";
import { yamlFile } from "../generate/yaml-file.js";
import type { BundleOptions } from "../types.js";
import { identityMismatch, lastLoggedError } from "./component-identity.js";
import { type EditPolicy, type PlannedFile, writeGeneratedFiles } from "./generated-files.js";
import {
  type ComponentState,
  readStackState,
  type StackComponentName,
  type StackState,
  writeStackState,
} from "./stack-state.js";

export type { StackComponentName } from "./stack-state.js";

/** One service: its binary, the Debian package that ships it, and where it listens. */
export interface StackComponent {
  readonly name: StackComponentName;
  readonly binary: string;
  readonly debianPackage: string;
  readonly target: string;
}

/** Where the stack lives and what it runs. */
export interface StackOptions {
  /** The stack's own data directory (configuration, TSDB, logs, `stack.json`). */
  readonly directory: string;
  readonly bundle: BundleOptions;
  /** Binaries by component; default `/usr/bin/prometheus`, `/usr/bin/prometheus-alertmanager`, `/usr/bin/prometheus-pushgateway`. */
  readonly binaries?: Partial<Record<StackComponentName, string>> | undefined;
  /** Environment the receivers and their secret files come from; `process.env` by default. */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
  /** How long to wait for each service's `/-/ready`; 30 s by default. */
  readonly readyTimeoutMs?: number | undefined;
  /** What `up` does with a generated file the operator edited; `refuse` by default. */
  readonly editPolicy?: EditPolicy | undefined;
  /** Leaves the per-plane scrape job out of prometheus.yml (the bot serves no plane ports). */
  readonly withoutPlanes?: boolean | undefined;
  /**
   * Scales every rule duration, the scrape and evaluation intervals and the Alertmanager
   * timers (drills, the scaled end-to-end test); 1 by default, the bundle as shipped.
   */
  readonly timeScale?: number | undefined;
  /**
   * Runs `/usr/bin/victoria-metrics` beside the three (its data in `<directory>/victoria-metrics/data`)
   * and makes Prometheus remote-write every scraped series to it.
   */
  readonly longTerm?: LongTermStore | undefined;
}

/** The long-term store `stack up --long-term victoria-metrics` runs. */
export interface LongTermStore {
  readonly store: "victoria-metrics";
  /** host:port it listens on (default 127.0.0.1:8428). */
  readonly target: string;
  /** `-retentionPeriod`, e.g. `1y` or `90d`. */
  readonly retention: string;
}

/** The state of one service as `stack status` reports it. */
export interface ComponentStatus {
  readonly component: StackComponent;
  /** The recorded pid while running, undefined when stopped. */
  readonly pid: number | undefined;
  /** The recorded process is alive and runs the component's binary. */
  readonly running: boolean;
  readonly url: string;
  readonly log: string;
}

/** What `stack up` did besides starting servers. */
export interface StackUpResult {
  readonly statuses: ComponentStatus[];
  /** Components that were already running (their configuration was reloaded). */
  readonly reloaded: StackComponentName[];
  /** Edited files left as they were (`keep-edits`). */
  readonly keptEdits: string[];
  /** Edited files regenerated (`force`), each saved as `<file>.edited`. */
  readonly overwrittenEdits: string[];
  /** Receivers in the generated alertmanager.yml (besides `none`). */
  readonly receivers: string[];
}

const componentNames: readonly StackComponentName[] = ["prometheus", "alertmanager", "pushgateway"];
/** Every component a stack directory may record, the long-term store last (started last, stopped last). */
const allComponentNames: readonly StackComponentName[] = [...componentNames, "victoria-metrics"];

const defaultBinaries: Record<StackComponentName, string> = {
  prometheus: "/usr/bin/prometheus",
  alertmanager: "/usr/bin/prometheus-alertmanager",
  pushgateway: "/usr/bin/prometheus-pushgateway",
  "victoria-metrics": "/usr/bin/victoria-metrics",
};

const debianPackages: Record<StackComponentName, string> = {
  prometheus: "prometheus",
  alertmanager: "prometheus-alertmanager",
  pushgateway: "prometheus-pushgateway",
  "victoria-metrics": "victoria-metrics",
};

/**
 * Returns the components with their binaries and the listen addresses `options` asks for:
 * the three, and VictoriaMetrics with `longTerm` (or `withLongTerm`, for `down` and `status`
 * of a stack that recorded one).
 */
export function stackComponents(options: StackOptions, withLongTerm = false): StackComponent[] {
  const target: Record<StackComponentName, string> = {
    prometheus: options.bundle.prometheusTarget,
    alertmanager: options.bundle.alertmanagerTarget,
    pushgateway: options.bundle.pushgatewayTarget,
    "victoria-metrics": options.longTerm?.target ?? "127.0.0.1:8428",
  };
  const names = options.longTerm !== undefined || withLongTerm ? allComponentNames : componentNames;
  return names.map((name) => ({
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
 * True when `pid` is alive and runs `binary`: a stale state whose pid the kernel has
 * given to another process must never make `stack down` signal that process.
 */
async function runs(pid: number, binary: string): Promise<boolean> {
  // 0 records a stopped component (process.kill(0) would signal our own process group).
  if (!(pid > 0) || !isAlive(pid)) return false;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (commandLine === undefined) return process.platform !== "linux";
  return commandLine.split("\0")[0] === binary;
}

const configFileOf = (directory: string) => join(directory, "prometheus", "prometheus.yml");
const alertmanagerFileOf = (directory: string) =>
  join(directory, "alertmanager", "alertmanager.yml");
const persistenceFileOf = (directory: string) => join(directory, "pushgateway", "metrics.store");
const logOf = (directory: string, name: StackComponentName) => join(directory, `${name}.log`);
const victoriaMetricsDataOf = (directory: string) => join(directory, "victoria-metrics", "data");

function argumentsOf(
  component: StackComponent,
  directory: string,
  options: StackOptions,
): string[] {
  const home = join(directory, component.name);
  switch (component.name) {
    case "prometheus":
      return [
        `--config.file=${configFileOf(directory)}`,
        `--storage.tsdb.path=${join(home, "data")}`,
        "--storage.tsdb.retention.time=30d",
        `--web.listen-address=${component.target}`,
        // /-/reload for `stack reload`; the admin API for TSDB snapshots (backups). Both
        // listen only where Prometheus does: loopback unless the operator binds it wider.
        "--web.enable-lifecycle",
        "--web.enable-admin-api",
      ];
    case "alertmanager":
      return [
        `--config.file=${alertmanagerFileOf(directory)}`,
        `--storage.path=${join(home, "data")}`,
        `--web.listen-address=${component.target}`,
        "--cluster.listen-address=",
      ];
    case "pushgateway":
      return [
        `--web.listen-address=${component.target}`,
        `--persistence.file=${persistenceFileOf(directory)}`,
      ];
    case "victoria-metrics":
      return [
        `-storageDataPath=${victoriaMetricsDataOf(directory)}`,
        `-httpListenAddr=${component.target}`,
        `-retentionPeriod=${options.longTerm?.retention ?? "1y"}`,
      ];
  }
}

/** Returns the generated files of a stack directory, paths relative to it. */
export function stackFiles(options: StackOptions): PlannedFile[] {
  return [
    {
      path: "prometheus/prometheus.yml",
      content: yamlFile(
        prometheusConfig(options.bundle, {
          withoutPlanes: options.withoutPlanes,
          timeScale: options.timeScale,
          remoteWriteUrl:
            options.longTerm === undefined
              ? undefined
              : `http://${options.longTerm.target}/api/v1/write`,
        }),
      ),
    },
    {
      path: "prometheus/rules/alerts.yml",
      content: yamlFile(
        alertRuleGroups(options.bundle, {
          withoutPlanes: options.withoutPlanes,
          timeScale: options.timeScale,
        }),
      ),
    },
    {
      path: "prometheus/rules/recording.yml",
      content: yamlFile(recordingRuleGroups(options.bundle)),
    },
    {
      path: "alertmanager/alertmanager.yml",
      content: yamlFile(
        alertmanagerConfig(options.bundle, {
          environment: options.environment ?? process.env,
          timeScale: options.timeScale,
        }),
      ),
    },
  ];
}

/** Writes the secret files of alertmanager.yml from the environment (mode 0600; empty when unset). */
export async function writeAlertmanagerSecrets(
  alertmanagerDirectory: string,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  await mkdir(join(alertmanagerDirectory, "secrets"), { recursive: true, mode: 0o700 });
  for (const secret of alertmanagerSecrets) {
    await writeFile(join(alertmanagerDirectory, secret.file), environment[secret.env] ?? "", {
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

function statusOf(
  directory: string,
  component: StackComponent,
  state: ComponentState | undefined,
  running: boolean,
): ComponentStatus {
  const recorded = state === undefined ? component : { ...component, target: state.target };
  return {
    component: recorded,
    pid: running ? state?.pid : undefined,
    running,
    url: `http://${recorded.target}`,
    log: logOf(directory, component.name),
  };
}

/**
 * Returns what runs in the stack directory, with the ports `stack up` recorded in its
 * `stack.json` (the ports of `options` only for components it never started).
 */
export async function stackStatus(options: StackOptions): Promise<ComponentStatus[]> {
  const directory = resolve(options.directory);
  const state = await readStackState(directory);
  const recordsLongTerm = state.components["victoria-metrics"] !== undefined;
  return await Promise.all(
    stackComponents(options, recordsLongTerm).map(async (component) => {
      const recorded = state.components[component.name];
      const running = recorded !== undefined && (await runs(recorded.pid, recorded.binary));
      return statusOf(directory, component, recorded, running);
    }),
  );
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function stopProcess(pid: number): Promise<void> {
  if (!(pid > 0)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function spawnComponent(
  component: StackComponent,
  directory: string,
  options: StackOptions,
): Promise<number> {
  const logFd = openSync(logOf(directory, component.name), "a");
  const child = spawn(component.binary, argumentsOf(component, directory, options), {
    cwd: join(directory, component.name),
    detached: true,
    stdio: ["ignore", logFd, logFd],
  });
  const pid = await new Promise<number>((done, fail) => {
    child.once("error", (error) =>
      fail(
        new TradewatchError(
          "ERR_STACK_START_FAILED",
          `Cannot start ${component.name} (${component.binary}): ${error.message}`,
        ),
      ),
    );
    child.once("spawn", () => done(child.pid!));
  });
  child.unref();
  return pid;
}

/** Receiver names of the alertmanager.yml on disk (the operator's, when edits were kept). */
async function configuredReceivers(directory: string): Promise<string[]> {
  const config = parse(await readFile(alertmanagerFileOf(directory), "utf8")) as {
    receivers?: { name?: string }[];
  };
  return (config.receivers ?? []).flatMap((receiver) =>
    receiver.name === undefined ? [] : [receiver.name],
  );
}

/**
 * Waits until the component answers `/-/ready`, then checks that the answering server is
 * the process `state` names (alive, reporting this stack's files); returns why not, or
 * undefined when it is.
 */
async function whyNotServing(
  component: StackComponent,
  state: ComponentState,
  directory: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const log = logOf(directory, component.name);
  const exited = async () =>
    `it exited${await lastLoggedError(log).then((error) => (error === undefined ? "" : `: ${error}`))}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(state.pid)) return await exited();
    const ready = await fetch(`http://${component.target}/-/ready`, {
      signal: AbortSignal.timeout(2_000),
    }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) return `it was not ready within ${timeoutMs} ms`;
    await sleep(150);
  }
  const mismatch = await identityMismatch({
    name: component.name,
    target: component.target,
    configFile: configFileOf(directory),
    persistenceFile: persistenceFileOf(directory),
    dataPath: victoriaMetricsDataOf(directory),
    receivers: component.name === "alertmanager" ? await configuredReceivers(directory) : [],
    startedAt: state.startedAt,
  });
  // A process that lost its port to another server exits soon after the other one answered.
  if (!isAlive(state.pid)) return await exited();
  if (mismatch !== undefined) return mismatch;
  return undefined;
}

function startFailure(component: StackComponent, directory: string, why: string): TradewatchError {
  return new TradewatchError(
    "ERR_STACK_START_FAILED",
    `${component.name} is not serving on ${component.target}: ${why}; log: ${logOf(directory, component.name)}`,
  );
}

/**
 * Writes the configuration (refusing to overwrite an operator's edits unless
 * `editPolicy` says otherwise), starts every component that is not already running
 * (detached, logging to `<component>.log`), records ports and pids in `stack.json`, and
 * checks that each one answers `/-/ready` on its port and is the server answering there.
 * On any failure it stops what it started and throws `ERR_STACK_START_FAILED` naming the
 * component, its port and its log file.
 */
export async function stackUp(options: StackOptions): Promise<StackUpResult> {
  const directory = resolve(options.directory);
  const components = stackComponents(options);
  await checkBinaries(components);
  for (const component of components) {
    await mkdir(join(directory, component.name), { recursive: true });
  }
  const state = await readStackState(directory);

  const running = new Map<StackComponentName, ComponentState>();
  for (const component of components) {
    const recorded = state.components[component.name];
    if (recorded === undefined || !(await runs(recorded.pid, recorded.binary))) continue;
    if (recorded.target !== component.target) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `${component.name} already runs from ${directory} on ${recorded.target} (pid ${recorded.pid}), not ${component.target}: run "tradewatch stack down --dir ${options.directory}" first`,
      );
    }
    running.set(component.name, recorded);
  }

  const environment = options.environment ?? process.env;
  const files = await writeGeneratedFiles(
    directory,
    stackFiles(options),
    state.generated,
    options.editPolicy ?? "refuse",
  );
  await writeAlertmanagerSecrets(join(directory, "alertmanager"), environment);

  const current: Record<string, ComponentState> = Object.fromEntries(running);
  const save = () =>
    writeStackState(directory, {
      version: 1,
      bot: options.bundle.botTarget,
      components: current,
      generated: files.hashes,
    } satisfies StackState);
  await save();

  const started: StackComponent[] = [];
  try {
    for (const component of components) {
      if (running.has(component.name)) continue;
      const startedAt = Date.now();
      const pid = await spawnComponent(component, directory, options);
      current[component.name] = {
        target: component.target,
        pid,
        binary: component.binary,
        startedAt,
      };
      started.push(component);
      await save();
    }
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    for (const component of components) {
      if (
        running.has(component.name) &&
        (component.name === "prometheus" || component.name === "alertmanager")
      ) {
        // Already running: load the configuration just written.
        await fetch(`http://${component.target}/-/reload`, { method: "POST" }).catch(
          () => undefined,
        );
      }
      const why = await whyNotServing(component, current[component.name]!, directory, timeoutMs);
      if (why !== undefined) throw startFailure(component, directory, why);
    }
  } catch (error) {
    for (const component of started) {
      await stopProcess(current[component.name]!.pid);
      current[component.name] = { ...current[component.name]!, pid: 0 };
    }
    await save();
    throw error;
  }

  return {
    statuses: await stackStatus(options),
    reloaded: [...running.keys()],
    keptEdits: files.kept,
    overwrittenEdits: files.overwritten,
    receivers: (await configuredReceivers(directory)).filter((name) => name !== "none"),
  };
}

/** Stops every component `stack up` recorded as running (SIGTERM, SIGKILL after 10 s); returns what was stopped. */
export async function stackDown(options: StackOptions): Promise<StackComponentName[]> {
  const directory = resolve(options.directory);
  const state = await readStackState(directory);
  const stopped: StackComponentName[] = [];
  for (const name of allComponentNames) {
    const recorded = state.components[name];
    if (recorded !== undefined && (await runs(recorded.pid, recorded.binary))) {
      await stopProcess(recorded.pid);
      stopped.push(name);
    }
  }
  if (Object.keys(state.components).length > 0) {
    // The ports stay recorded, so that `status` still names them; pid 0 is stopped.
    const components = Object.fromEntries(
      Object.entries(state.components).map(([name, recorded]) => [name, { ...recorded, pid: 0 }]),
    );
    await writeStackState(directory, { ...state, components });
  }
  return stopped;
}
