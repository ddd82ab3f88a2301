/** @module Starts the real Alertmanager (Debian package `prometheus-alertmanager`) and a webhook receiver for integration tests. */

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "./free-port.js";
import { startServerProcess } from "./server-process.js";

/** The alertmanager binary the tests run; `ALERTMANAGER` overrides it. */
export const alertmanagerPath = process.env.ALERTMANAGER ?? "/usr/bin/prometheus-alertmanager";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A running Alertmanager. Call {@link AlertmanagerServer.stop} in `afterAll`. */
export interface AlertmanagerServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `host:port`, for Prometheus's `alerting.alertmanagers` static config. */
  readonly target: string;
  readonly dir: string;
  /** Everything Alertmanager logged so far. */
  logs(): string;
  /** Stops Alertmanager (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Starts `/usr/bin/prometheus-alertmanager` on 127.0.0.1 on a free port with this
 * configuration (an object or YAML text) and extra files beside it (e.g. secret files the
 * configuration names with relative `*_file` paths), and resolves once `/-/ready` answers.
 *
 * @example
 * const alertmanager = await startAlertmanager(config, { "secrets/webhook_token": "t0k3n" });
 * await alertmanager.stop();
 */
export async function startAlertmanager(
  config: string | object,
  files: Readonly<Record<string, string>> = {},
): Promise<AlertmanagerServer> {
  const dir = await mkdtemp(join(tmpdir(), "tradewatch-alertmanager-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content, { mode: 0o600 });
  }
  const configPath = join(dir, "alertmanager.yml");
  await writeFile(configPath, typeof config === "string" ? config : stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({
    name: "Alertmanager",
    binary: alertmanagerPath,
    args: [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    // Not the config directory: relative `*_file` paths must resolve against the config file.
    cwd: tmpdir(),
    dir,
    url,
  });
  return { url, target: `127.0.0.1:${port}`, dir, logs: server.logs, stop: server.stop };
}

/** One alert of a webhook notification (Alertmanager's webhook payload, version 4). */
export interface WebhookAlert {
  readonly status: "firing" | "resolved";
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** When Prometheus started firing the alert (RFC 3339). */
  readonly startsAt: string;
  /** When it resolved; Go's zero time while firing. */
  readonly endsAt: string;
}

/** One notification the webhook received. */
export interface WebhookNotification {
  readonly receiver: string;
  readonly status: "firing" | "resolved";
  readonly alerts: readonly WebhookAlert[];
  readonly headers: IncomingHttpHeaders;
  /** When the receiver got it (ms since the epoch). */
  readonly receivedAt: number;
}

/** A webhook receiver listening on 127.0.0.1. */
export interface WebhookReceiver {
  /** The URL to configure in `webhook_configs`. */
  readonly url: string;
  /** Every notification so far, oldest first. */
  readonly notifications: readonly WebhookNotification[];
  /** Resolves with the first firing alert named `alertname` (and matching `labels`), or throws after `timeoutMs`. */
  waitForAlert(
    alertname: string,
    labels?: Readonly<Record<string, string>> | undefined,
    timeoutMs?: number | undefined,
  ): Promise<{ alert: WebhookAlert; notification: WebhookNotification }>;
  stop(): Promise<void>;
}

/**
 * Starts an HTTP server that records Alertmanager webhook notifications (POST, JSON).
 *
 * @example
 * const webhook = await startWebhookReceiver();
 * const { alert } = await webhook.waitForAlert("KillSwitchActive");
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const notifications: WebhookNotification[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Omit<
          WebhookNotification,
          "headers" | "receivedAt"
        >;
        notifications.push({ ...body, headers: request.headers, receivedAt: Date.now() });
        response.writeHead(200).end("ok");
      } catch {
        response.writeHead(400).end("invalid JSON");
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const find = (alertname: string, labels: Readonly<Record<string, string>>) => {
    for (const notification of notifications) {
      for (const alert of notification.alerts) {
        if (
          alert.status === "firing" &&
          alert.labels.alertname === alertname &&
          Object.entries(labels).every(([name, value]) => alert.labels[name] === value)
        ) {
          return { alert, notification };
        }
      }
    }
    return undefined;
  };
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications,
    async waitForAlert(alertname, labels = {}, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(alertname, labels);
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          const seen = notifications.flatMap((n) =>
            n.alerts.map((a) => `${a.labels.alertname}:${a.status}`),
          );
          throw new Error(
            `No firing ${alertname} ${JSON.stringify(labels)} reached the webhook within ${timeoutMs} ms; seen: ${seen.join(", ") || "nothing"}`,
          );
        }
        await sleep(100);
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
