/** @module Generates alertmanager.yml: routes by severity to webhook, Slack, e-mail and PagerDuty receivers whose secrets live in files, never in the configuration. */
import type { BundleOptions } from "../types.js";

/**
 * The secret files the configuration reads, relative to the directory of alertmanager.yml
 * (Alertmanager resolves `*_file` paths against it), and the environment variable that
 * `tradewatch stack up` and docker-compose fill each one from.
 */
export const alertmanagerSecrets = [
  { file: "secrets/slack_api_url", env: "SLACK_WEBHOOK_URL" },
  { file: "secrets/smtp_auth_password", env: "SMTP_AUTH_PASSWORD" },
  { file: "secrets/pagerduty_routing_key", env: "PAGERDUTY_ROUTING_KEY" },
  { file: "secrets/webhook_token", env: "ALERT_WEBHOOK_TOKEN" },
] as const;

const secretFile = (env: (typeof alertmanagerSecrets)[number]["env"]) =>
  alertmanagerSecrets.find((secret) => secret.env === env)!.file;

/** Options for a test or `stack up` run. */
export interface AlertmanagerConfigOverrides {
  readonly webhookUrl?: string | undefined;
  /** Shorter grouping delays, for tests that wait for a notification. */
  readonly groupWait?: string | undefined;
  readonly groupInterval?: string | undefined;
}

/**
 * Returns the Alertmanager configuration (checked with `amtool check-config` of
 * Alertmanager 0.25, which supports `smtp_auth_password_file`, `slack_api_url_file`,
 * PagerDuty `routing_key_file` and `credentials_file`, but not a webhook `url_file`).
 */
export function alertmanagerConfig(
  options: BundleOptions,
  overrides: AlertmanagerConfigOverrides = {},
): Record<string, unknown> {
  return {
    global: {
      resolve_timeout: "5m",
      smtp_smarthost: options.email.smarthost,
      smtp_from: options.email.from,
      smtp_auth_username: options.email.from,
      smtp_auth_password_file: secretFile("SMTP_AUTH_PASSWORD"),
      smtp_require_tls: true,
      slack_api_url_file: secretFile("SLACK_WEBHOOK_URL"),
    },
    route: {
      receiver: "webhook",
      group_by: ["alertname", "severity"],
      group_wait: overrides.groupWait ?? "30s",
      group_interval: overrides.groupInterval ?? "5m",
      repeat_interval: "4h",
      routes: [
        // Every alert reaches the webhook; the routes below add the paging channels.
        { receiver: "webhook", continue: true },
        { receiver: "pagerduty", matchers: ['severity="critical"'], continue: true },
        { receiver: "slack", matchers: ['severity=~"critical|warning"'], continue: true },
        { receiver: "email", matchers: ['severity=~"critical|warning"'] },
      ],
    },
    inhibit_rules: [
      {
        // A critical alert silences the warning of the same name on the same target.
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ["alertname", "job", "instance"],
      },
      {
        // While the bot is down, its other alerts say nothing new.
        source_matchers: ['alertname="TradingBotDown"'],
        target_matchers: ['alertname!="TradingBotDown"'],
        equal: ["job", "instance"],
      },
    ],
    receivers: [
      {
        name: "webhook",
        webhook_configs: [
          {
            url: overrides.webhookUrl ?? options.webhookUrl,
            send_resolved: true,
            http_config: {
              authorization: {
                type: "Bearer",
                credentials_file: secretFile("ALERT_WEBHOOK_TOKEN"),
              },
            },
          },
        ],
      },
      {
        name: "slack",
        slack_configs: [
          {
            channel: options.slackChannel,
            send_resolved: true,
            title:
              "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})",
            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
          },
        ],
      },
      {
        name: "email",
        email_configs: [{ to: options.email.to, send_resolved: true }],
      },
      {
        name: "pagerduty",
        pagerduty_configs: [
          {
            routing_key_file: secretFile("PAGERDUTY_ROUTING_KEY"),
            send_resolved: true,
            description: "{{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}",
          },
        ],
      },
    ],
  };
}
