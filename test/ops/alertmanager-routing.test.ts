/** @module The generated alertmanager.yml in the real Alertmanager 0.25: every severity reaches the webhook, with the token read from its secret file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("generated Alertmanager routing", () => {
  let alertmanager: AlertmanagerServer;
  let webhook: WebhookReceiver;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    const secrets = Object.fromEntries(
      alertmanagerSecrets.map((secret) => [secret.file, `test-${secret.env.toLowerCase()}`]),
    );
    // The token is used when its variable is set; its value is read from the secret file.
    const config = alertmanagerConfig(defaultBundleOptions, {
      webhookUrl: webhook.url,
      environment: { ALERT_WEBHOOK_TOKEN: "set" },
      groupWait: "1s",
      groupInterval: "1s",
    });
    alertmanager = await startAlertmanager(config, secrets);
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await webhook?.stop();
  });

  it("delivers critical and warning alerts to the webhook, authenticated from the secret file", async () => {
    const startsAt = new Date().toISOString();
    const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        {
          labels: {
            alertname: "KillSwitchActive",
            severity: "critical",
            job: "tradewatch",
            instance: "a",
          },
          annotations: { summary: "halted" },
          startsAt,
        },
        {
          labels: {
            alertname: "HighExposure",
            severity: "warning",
            job: "tradewatch",
            instance: "a",
          },
          annotations: { summary: "exposed" },
          startsAt,
        },
      ]),
    });
    expect(response.status).toBe(200);
    const critical = await webhook.waitForAlert("KillSwitchActive", {}, 20_000);
    const warning = await webhook.waitForAlert("HighExposure", {}, 20_000);
    expect(critical.notification.receiver).toBe("webhook");
    expect(critical.alert.annotations.summary).toBe("halted");
    expect(warning.alert.labels.severity).toBe("warning");
    expect(critical.notification.headers.authorization).toBe("Bearer test-alert_webhook_token");
  });
});
