/** @module Generates alertmanager.yml: routes by severity to the receivers whose settings the environment provides (webhook, Slack, e-mail, PagerDuty), secrets in files, never in the configuration. */
import { TradewatchError } from "../../errors.js";
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

/**
 * The environment variables that turn receivers on, and what each one does. A receiver is
 * generated only when its required variables are set and not empty.
 */
export const alertmanagerReceiverVariables = [
  {
    env: "ALERT_WEBHOOK_URL",
    receiver: "webhook",
    use: "turns on the webhook receiver (every alert)",
  },
  {
    env: "ALERT_WEBHOOK_TOKEN",
    receiver: "webhook",
    use: "optional bearer token of the webhook (secret file)",
  },
  {
    env: "SLACK_WEBHOOK_URL",
    receiver: "slack",
    use: "turns on Slack (critical and warning; secret file)",
  },
  { env: "SLACK_CHANNEL", receiver: "slack", use: "optional channel, default #trading-alerts" },
  {
    env: "ALERT_EMAIL_TO",
    receiver: "email",
    use: "turns on e-mail (critical and warning) to this address",
  },
  {
    env: "SMTP_SMARTHOST",
    receiver: "email",
    use: "optional SMTP relay host:port, default 127.0.0.1:25",
  },
  { env: "SMTP_FROM", receiver: "email", use: "optional sender, default tradewatch@localhost" },
  { env: "SMTP_AUTH_USERNAME", receiver: "email", use: "optional SMTP user, default the sender" },
  {
    env: "SMTP_AUTH_PASSWORD",
    receiver: "email",
    use: "optional SMTP password; with it, SMTP auth is used (secret file)",
  },
  {
    env: "SMTP_REQUIRE_TLS",
    receiver: "email",
    use: 'optional, "false" for a relay without STARTTLS; default true',
  },
  {
    env: "PAGERDUTY_ROUTING_KEY",
    receiver: "pagerduty",
    use: "turns on PagerDuty (critical; secret file)",
  },
] as const;

/** The receiver that takes alerts no configured receiver takes: Alertmanager shows them and sends nothing. */
export const nullReceiver = "none";

type SecretEnv = (typeof alertmanagerSecrets)[number]["env"];

const secretFile = (env: SecretEnv) =>
  alertmanagerSecrets.find((secret) => secret.env === env)!.file;

/** Options for a test or `stack up` run. */
export interface AlertmanagerConfigOverrides {
  /** The webhook receiver's URL; wins over `ALERT_WEBHOOK_URL` of {@link environment}. */
  readonly webhookUrl?: string | undefined;
  /**
   * Where the receivers' settings come from (`process.env` for `stack up`); only which
   * variables are set is read, except for the non-secret URL, addresses and channel.
   * Empty by default, so the committed bundle routes to no receiver.
   */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
  /** Shorter grouping delays, for tests that wait for a notification. */
  readonly groupWait?: string | undefined;
  readonly groupInterval?: string | undefined;
  /**
   * Multiplies group_wait (30s), group_interval (5m) and repeat_interval (4h), e.g. 1/20
   * for an end-to-end test whose rules and schedule are scaled by the same factor.
   * An explicit `groupWait` or `groupInterval` wins over the scaled value.
   */
  readonly timeScale?: number | undefined;
}

/** Formats seconds as an Alertmanager duration (`30s`, `1500ms`, `4h`). */
function duration(seconds: number): string {
  const milliseconds = Math.max(1, Math.round(seconds * 1000));
  if (milliseconds % 3_600_000 === 0) return `${milliseconds / 3_600_000}h`;
  if (milliseconds % 60_000 === 0) return `${milliseconds / 60_000}m`;
  if (milliseconds % 1000 === 0) return `${milliseconds / 1000}s`;
  return `${milliseconds}ms`;
}

function present(environment: Readonly<Record<string, string | undefined>>, name: string) {
  const value = environment[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** Which receivers the configuration would contain with this environment. */
export function enabledReceivers(
  overrides: AlertmanagerConfigOverrides = {},
): ("webhook" | "slack" | "email" | "pagerduty")[] {
  const environment = overrides.environment ?? {};
  const enabled: ("webhook" | "slack" | "email" | "pagerduty")[] = [];
  if ((overrides.webhookUrl ?? present(environment, "ALERT_WEBHOOK_URL")) !== undefined)
    enabled.push("webhook");
  if (present(environment, "PAGERDUTY_ROUTING_KEY") !== undefined) enabled.push("pagerduty");
  if (present(environment, "SLACK_WEBHOOK_URL") !== undefined) enabled.push("slack");
  if (present(environment, "ALERT_EMAIL_TO") !== undefined) enabled.push("email");
  return enabled;
}

/**
 * Returns the Alertmanager configuration (checked with `amtool check-config` of
 * Alertmanager 0.25, which supports `smtp_auth_password_file`, `slack_api_url_file`,
 * PagerDuty `routing_key_file` and `credentials_file`, but not a webhook `url_file`, so the
 * webhook URL is written in the configuration). A receiver is present only when the
 * environment provides its settings; with none, every alert goes to the `none` receiver
 * (visible in Alertmanager, sent nowhere).
 *
 * @example
 * alertmanagerConfig(defaultBundleOptions, { environment: process.env });
 */
export function alertmanagerConfig(
  options: BundleOptions,
  overrides: AlertmanagerConfigOverrides = {},
): Record<string, unknown> {
  const environment = overrides.environment ?? {};
  const enabled = new Set(enabledReceivers(overrides));
  const scale = overrides.timeScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid timeScale ${scale}: must be a positive finite number (1 keeps every duration)`,
    );
  }
  const global: Record<string, unknown> = { resolve_timeout: "5m" };
  if (enabled.has("email")) {
    const from = present(environment, "SMTP_FROM") ?? options.email.from;
    global.smtp_smarthost = present(environment, "SMTP_SMARTHOST") ?? options.email.smarthost;
    global.smtp_from = from;
    if (present(environment, "SMTP_AUTH_PASSWORD") !== undefined) {
      global.smtp_auth_username = present(environment, "SMTP_AUTH_USERNAME") ?? from;
      global.smtp_auth_password_file = secretFile("SMTP_AUTH_PASSWORD");
    }
    global.smtp_require_tls = present(environment, "SMTP_REQUIRE_TLS") !== "false";
  }
  if (enabled.has("slack")) global.slack_api_url_file = secretFile("SLACK_WEBHOOK_URL");

  const receivers: Record<string, unknown>[] = [{ name: nullReceiver }];
  const routes: Record<string, unknown>[] = [];
  if (enabled.has("webhook")) {
    const webhook: Record<string, unknown> = {
      url: overrides.webhookUrl ?? present(environment, "ALERT_WEBHOOK_URL"),
      send_resolved: true,
    };
    if (present(environment, "ALERT_WEBHOOK_TOKEN") !== undefined) {
      webhook.http_config = {
        authorization: { type: "Bearer", credentials_file: secretFile("ALERT_WEBHOOK_TOKEN") },
      };
    }
    receivers.push({ name: "webhook", webhook_configs: [webhook] });
    // Every alert reaches the webhook; the routes below add the paging channels.
    routes.push({ receiver: "webhook", continue: true });
  }
  if (enabled.has("pagerduty")) {
    receivers.push({
      name: "pagerduty",
      pagerduty_configs: [
        {
          routing_key_file: secretFile("PAGERDUTY_ROUTING_KEY"),
          send_resolved: true,
          description: "{{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}",
        },
      ],
    });
    routes.push({ receiver: "pagerduty", matchers: ['severity="critical"'], continue: true });
  }
  if (enabled.has("slack")) {
    receivers.push({
      name: "slack",
      slack_configs: [
        {
          channel: present(environment, "SLACK_CHANNEL") ?? options.slackChannel,
          send_resolved: true,
          title:
            "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})",
          text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
        },
      ],
    });
    routes.push({ receiver: "slack", matchers: ['severity=~"critical|warning"'], continue: true });
  }
  if (enabled.has("email")) {
    receivers.push({
      name: "email",
      email_configs: [{ to: present(environment, "ALERT_EMAIL_TO"), send_resolved: true }],
    });
    routes.push({ receiver: "email", matchers: ['severity=~"critical|warning"'], continue: true });
  }
  // The last matching route must not continue, or Alertmanager also notifies the default.
  const last = routes.at(-1);
  if (last !== undefined) delete last.continue;

  return {
    global,
    route: {
      // With a webhook it takes what no route takes; otherwise nothing is sent.
      receiver: enabled.has("webhook") ? "webhook" : nullReceiver,
      // One group per alert and target, and per breaker, kill-switch source and plane: a
      // second breaker opening, or the kill switch engaged from a second source, is its own
      // notification after group_wait, not folded into a group that waits group_interval.
      group_by: ["alertname", "severity", "job", "instance", "breaker", "source", "plane"],
      group_wait: overrides.groupWait ?? duration(30 * scale),
      group_interval: overrides.groupInterval ?? duration(300 * scale),
      repeat_interval: duration(4 * 3600 * scale),
      ...(routes.length === 0 ? {} : { routes }),
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
    receivers,
  };
}
