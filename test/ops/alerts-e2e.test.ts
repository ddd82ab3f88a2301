/**
 * @module End to end with real processes: the paper bot with injected exchange faults, the
 * real Prometheus scraping it and evaluating the generated rules, the real Alertmanager
 * routing with the generated configuration to a webhook this test runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertRuleGroups } from "../../src/ops/generate/alert-rules.js";
import {
  alertmanagerConfig,
  alertmanagerSecrets,
} from "../../src/ops/generate/alertmanager-config.js";
import { prometheusConfig } from "../../src/ops/generate/prometheus-config.js";
import { recordingRuleGroups } from "../../src/ops/generate/recording-rules.js";
import type { BundleOptions } from "../../src/ops/types.js";
import {
  type AlertmanagerServer,
  startAlertmanager,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../support/alertmanager.js";
import { freePort } from "../support/free-port.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function startBot(
  port: number,
  args: readonly string[],
): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/bin.ts",
      "run",
      "--port",
      String(port),
      "--quiet",
      "--no-journal",
      ...args,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`tradewatch run exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return { child, log: () => log };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`tradewatch run was not ready in 30 s:\n${log}`);
    await sleep(200);
  }
}

describe("alerts end to end: bot → Prometheus → Alertmanager → webhook", () => {
  let bot: { child: ChildProcess; log: () => string };
  let botPort: number;
  let prometheus: PrometheusServer;
  let alertmanager: AlertmanagerServer;
  let webhook: WebhookReceiver;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    alertmanager = await startAlertmanager(
      alertmanagerConfig(defaultBundleOptions, {
        webhookUrl: webhook.url,
        groupWait: "1s",
        groupInterval: "1s",
      }),
      Object.fromEntries(alertmanagerSecrets.map((secret) => [secret.file, ""])),
    );
    botPort = await freePort();
    // Half of all exchange calls fail (timeouts, 429, 503, disconnects, ...): breakers trip.
    bot = await startBot(botPort, ["--fault-rate", "0.5", "--seed", "7"]);
    const bundle: BundleOptions = {
      ...defaultBundleOptions,
      botTarget: `127.0.0.1:${botPort}`,
      alertmanagerTarget: alertmanager.target,
    };
    // The generated scrape job and alerting section, with 1 s intervals; the generated
    // rules with every `for:` scaled from minutes to seconds.
    const generated = prometheusConfig(bundle, { scrapeInterval: "1s", withoutPlanes: true });
    const scrapeConfigs = (generated.scrape_configs as { job_name: string }[]).filter(
      (job) => job.job_name === bundle.job,
    );
    prometheus = await startPrometheus({
      scrapeConfigs,
      ruleFiles: {
        "alerts.yml": alertRuleGroups(bundle, { forScale: 1 / 60 }),
        "recording.yml": recordingRuleGroups(bundle),
      },
      extraConfig: { alerting: generated.alerting },
    });
  });

  afterAll(async () => {
    if (bot !== undefined && bot.child.exitCode === null) {
      const exited = new Promise((resolve) => bot.child.once("exit", resolve));
      bot.child.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    }
    await prometheus?.stop();
    await alertmanager?.stop();
    await webhook?.stop();
  });

  it("delivers CircuitBreakerTripped, APIErrorBurst and APIErrorRateHigh from the faulty bot", async () => {
    const breaker = await webhook.waitForAlert(
      "CircuitBreakerTripped",
      { job: "tradewatch" },
      30_000,
    );
    expect(breaker.alert.labels.severity).toBe("critical");
    expect(breaker.alert.labels.breaker).toMatch(
      /^(api_health|exchange_connectivity|exchange_health|rate_limit)$/,
    );
    expect(breaker.alert.annotations.summary).toContain(`is open on 127.0.0.1:${botPort}`);

    const burst = await webhook.waitForAlert("APIErrorBurst", { job: "tradewatch" }, 30_000);
    expect(burst.alert.labels.severity).toBe("warning");
    expect(burst.alert.annotations.summary).toMatch(/^\d+ consecutive exchange API errors/);

    const ratio = await webhook.waitForAlert("APIErrorRateHigh", { job: "tradewatch" }, 30_000);
    const share = Number(
      /^Exchange API errors are (\d\.\d\d) of calls/.exec(
        ratio.alert.annotations.summary ?? "",
      )?.[1],
    );
    expect(share).toBeGreaterThan(0.05);
  });

  it("delivers KillSwitchActive once the kill switch is engaged over HTTP", async () => {
    expect(
      webhook.notifications.some((n) =>
        n.alerts.some((a) => a.labels.alertname === "KillSwitchActive"),
      ),
    ).toBe(false);
    const response = await fetch(`http://127.0.0.1:${botPort}/kill-switch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active: true }),
    });
    expect(response.ok).toBe(true);
    const killSwitch = await webhook.waitForAlert(
      "KillSwitchActive",
      { switch_type: "manual" },
      30_000,
    );
    expect(killSwitch.alert.labels.severity).toBe("critical");
    expect(killSwitch.notification.receiver).toBe("webhook");
  });

  it("delivers TradingBotDown when the bot process dies", async () => {
    const exited = new Promise((resolve) => bot.child.once("exit", resolve));
    bot.child.kill("SIGKILL");
    await exited;
    const down = await webhook.waitForAlert(
      "TradingBotDown",
      { instance: `127.0.0.1:${botPort}` },
      30_000,
    );
    expect(down.alert.labels.severity).toBe("critical");
    expect(down.alert.annotations.summary).toBe(`Trading bot 127.0.0.1:${botPort} is down`);
  });
});
