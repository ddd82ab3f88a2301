/** @module Checks that the server answering on a stack component's port is the process `stack up` started, from what each server reports about itself (Prometheus, Pushgateway and VictoriaMetrics their flags, Alertmanager its start time and receivers). */
import { readFile } from "node:fs/promises";
import type { StackComponentName } from "./stack-state.js";

/** What the answering server must report to be ours. */
export interface ExpectedIdentity {
  readonly name: StackComponentName;
  /** host:port. */
  readonly target: string;
  /** Prometheus: its `--config.file`. */
  readonly configFile?: string | undefined;
  /** Pushgateway: its `--persistence.file`. */
  readonly persistenceFile?: string | undefined;
  /** VictoriaMetrics: its `-storageDataPath`. */
  readonly dataPath?: string | undefined;
  /** Alertmanager: the receiver names of its configuration. */
  readonly receivers?: readonly string[] | undefined;
  /** Alertmanager: when the process was spawned, ms since the epoch; it reports its own start. */
  readonly startedAt?: number | undefined;
}

async function json(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return await response.json();
}

const quoted = (value: unknown) => (typeof value === "string" ? `"${value}"` : String(value));

/**
 * Returns undefined when the server on `expected.target` is ours, else why not (one
 * clause, e.g. `another server answers there (its --config.file was "/etc/prometheus.yml")`).
 */
export async function identityMismatch(expected: ExpectedIdentity): Promise<string | undefined> {
  const base = `http://${expected.target}`;
  try {
    switch (expected.name) {
      case "prometheus": {
        const flags = (
          (await json(`${base}/api/v1/status/flags`)) as { data?: Record<string, string> }
        ).data;
        if (flags?.["config.file"] !== expected.configFile) {
          return `another server answers there (its --config.file was ${quoted(flags?.["config.file"])})`;
        }
        return undefined;
      }
      case "pushgateway": {
        const flags = (
          (await json(`${base}/api/v1/status`)) as { data?: { flags?: Record<string, string> } }
        ).data?.flags;
        if (flags?.["persistence.file"] !== expected.persistenceFile) {
          return `another server answers there (its --persistence.file was ${quoted(flags?.["persistence.file"])})`;
        }
        return undefined;
      }
      case "victoria-metrics": {
        const response = await fetch(`${base}/flags`, { signal: AbortSignal.timeout(5_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status} from ${base}/flags`);
        const dataPath = /^-storageDataPath="(.*)"$/m.exec(await response.text())?.[1];
        if (dataPath !== expected.dataPath) {
          return `another server answers there (its -storageDataPath was ${quoted(dataPath)})`;
        }
        return undefined;
      }
      case "alertmanager": {
        const status = (await json(`${base}/api/v2/status`)) as {
          uptime?: string;
          config?: { original?: string };
        };
        const started = Date.parse(status.uptime ?? "");
        // Alertmanager records its start a few ms after the spawn; a second of clock slack.
        if (!(started >= (expected.startedAt ?? 0) - 1_000)) {
          return `another server answers there (it started at ${quoted(status.uptime)}, before this stack's)`;
        }
        const names = [...(status.config?.original ?? "").matchAll(/^- name: (.+)$/gm)].map(
          (match) => match[1]?.replace(/^"|"$/g, ""),
        );
        if ((expected.receivers ?? []).some((name) => !names.includes(name))) {
          return `another server answers there (its receivers were ${names.join(", ") || "none"})`;
        }
        return undefined;
      }
    }
  } catch (error) {
    return `its status API did not answer as ${expected.name} does (${(error as Error).message})`;
  }
}

/** Returns the last error a Prometheus-style logfmt log holds (its `err=` value when it has one), on one line. */
export async function lastLoggedError(log: string): Promise<string | undefined> {
  const text = await readFile(log, "utf8").catch(() => "");
  const line = text
    .split("\n")
    .reverse()
    .find((entry) => /level=(error|fatal)|\bpanic\b/i.test(entry));
  if (line === undefined) return undefined;
  const err =
    /\berr="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? /\bmsg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  return (err ?? line).replace(/\\"/g, '"').slice(0, 300);
}
