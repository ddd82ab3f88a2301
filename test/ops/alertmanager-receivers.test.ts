/** @module Receivers of the generated alertmanager.yml come from the environment: one without its settings is left out of the routing, as the real Alertmanager 0.25 and amtool see it. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import {
  alertmanagerConfig,
  alertmanagerSecrets,
} from "../../src/ops/generate/alertmanager-config.js";
import {
  type AlertmanagerServer,
  startAlertmanager,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../support/alertmanager.js";

const amtool = "/usr/bin/amtool";
const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the running Alertmanager loaded: its receivers and its route. */
async function loaded(alertmanager: AlertmanagerServer) {
  const status = (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as {
    config: { original: string };
  };
  const original = status.config.original;
  return {
    original,
    receivers: [...original.matchAll(/^- name: (.+)$/gm)].map((match) => match[1]),
    routed: [...original.matchAll(/^ {2}- receiver: (.+)$/gm)].map((match) => match[1]),
  };
}

async function checkConfig(config: object, secrets: Readonly<Record<string, string>> = {}) {
  const directory = await mkdtemp(join(tmpdir(), "tradewatch-amtool-"));
  try {
    for (const [file, content] of Object.entries(secrets)) {
      await mkdir(dirname(join(directory, file)), { recursive: true });
      await writeFile(join(directory, file), content);
    }
    await writeFile(join(directory, "alertmanager.yml"), stringify(config));
    return (await run(amtool, ["check-config", join(directory, "alertmanager.yml")])).stdout;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe("Alertmanager receivers from the environment", () => {
  const servers: AlertmanagerServer[] = [];
  let webhook: WebhookReceiver | undefined;

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await webhook?.stop();
  });

  it("with no settings (the committed bundle) routes to the none receiver and sends nothing", async () => {
    const config = alertmanagerConfig(defaultBundleOptions);
    if (existsSync(amtool)) expect(await checkConfig(config)).toContain("SUCCESS");
    const alertmanager = await startAlertmanager(config);
    servers.push(alertmanager);
    const { receivers, routed, original } = await loaded(alertmanager);
    expect(receivers).toEqual(["none"]);
    expect(routed).toEqual([]);
    expect(original).toMatch(/^ {2}receiver: none$/m);
    expect(original).not.toContain("smtp_smarthost: 127.0.0.1:25");
    expect(original).not.toContain("slack_api_url");
  });

  it("routes only to the webhook when only ALERT_WEBHOOK_URL is set: Slack, e-mail and PagerDuty are left out, and no notification fails", async () => {
    webhook = await startWebhookReceiver();
    const config = alertmanagerConfig(defaultBundleOptions, {
      environment: {
        ALERT_WEBHOOK_URL: webhook.url,
        SLACK_WEBHOOK_URL: "",
        SMTP_AUTH_PASSWORD: "a password alone does not make an e-mail receiver",
      },
      timeScale: 1 / 20,
    });
    const alertmanager = await startAlertmanager(config);
    servers.push(alertmanager);
    const { receivers, routed, original } = await loaded(alertmanager);
    expect(receivers).toEqual(["none", "webhook"]);
    expect(routed).toEqual(["webhook"]);
    // 30s, 5m and 4h scaled by 1/20.
    expect(original).toContain("group_wait: 1s500ms");
    expect(original).toContain("group_interval: 15s");
    expect(original).toContain("repeat_interval: 12m");
    expect(original).not.toContain("authorization");

    const startsAt = new Date().toISOString();
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        ["critical", "warning"].map((severity) => ({
          labels: { alertname: `Test${severity}`, severity, job: "tradewatch", instance: "a" },
          annotations: { summary: severity },
          startsAt,
        })),
      ),
    });
    expect(posted.status).toBe(200);
    const critical = await webhook.waitForAlert("Testcritical", {}, 20_000);
    expect(critical.notification.receiver).toBe("webhook");
    expect(critical.notification.headers.authorization).toBeUndefined();
    await webhook.waitForAlert("Testwarning", {}, 20_000);
    await sleep(500);
    const metrics = await (await fetch(`${alertmanager.url}/metrics`)).text();
    const failed = [
      ...metrics.matchAll(/^alertmanager_notifications_failed_total\{(.*)\} (\S+)$/gm),
    ];
    expect(failed.filter((sample) => Number(sample[2]) > 0).map((sample) => sample[1])).toEqual([]);
    const attempted = [
      ...metrics.matchAll(/^alertmanager_notifications_total\{integration="(\w+)"\} (\S+)$/gm),
    ]
      .filter((sample) => Number(sample[2]) > 0)
      .map((sample) => sample[1]);
    expect(attempted).toEqual(["webhook"]);
  });

  it("routes critical to PagerDuty, critical and warning to Slack and e-mail when their settings are set", async () => {
    const environment = {
      ALERT_WEBHOOK_URL: "http://127.0.0.1:9/alerts",
      ALERT_WEBHOOK_TOKEN: "token",
      SLACK_WEBHOOK_URL: "https://hooks.slack.example/services/T/B/X",
      SLACK_CHANNEL: "#desk",
      ALERT_EMAIL_TO: "desk@example.org",
      SMTP_SMARTHOST: "smtp.example.org:587",
      SMTP_AUTH_PASSWORD: "secret",
      PAGERDUTY_ROUTING_KEY: "key",
    };
    const config = alertmanagerConfig(defaultBundleOptions, { environment });
    const secrets = Object.fromEntries(
      alertmanagerSecrets.map((secret) => [secret.file, environment[secret.env]]),
    );
    if (existsSync(amtool)) expect(await checkConfig(config, secrets)).toContain("SUCCESS");
    const alertmanager = await startAlertmanager(config, secrets);
    servers.push(alertmanager);
    const { receivers, routed, original } = await loaded(alertmanager);
    expect(receivers).toEqual(["none", "webhook", "pagerduty", "slack", "email"]);
    expect(routed).toEqual(["webhook", "pagerduty", "slack", "email"]);
    expect(original).toContain("channel: '#desk'");
    expect(original).toContain("to: desk@example.org");
    expect(original).toContain("smtp_smarthost: smtp.example.org:587");
    // No secret value is in the configuration, only the files that hold them.
    for (const value of ["token", "hooks.slack.example", "secret", "key"])
      expect(original).not.toMatch(new RegExp(`: ${value}$`, "m"));
    expect(JSON.stringify(config)).not.toMatch(/hooks\.slack\.example|"secret"|"key"|"token"/);
  });

  it("refuses a timeScale that is not a positive number", () => {
    for (const timeScale of [0, -1, Number.NaN])
      expect(() => alertmanagerConfig(defaultBundleOptions, { timeScale })).toThrow(
        /Invalid timeScale/,
      );
  });
});
