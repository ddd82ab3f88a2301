/** @module Alerts that watch the monitoring itself: every scrape job's targets, Alertmanager's failed notifications, and the always-firing Watchdog for an external dead-man switch. */
import type { AlertContext, AlertSpec } from "./alert-spec.js";

/** The Prometheus job of the per-plane endpoints. */
export function planesJob(job: string): string {
  return `${job}-planes`;
}

/** Returns the alerts on the planes' endpoints (only where the bundle scrapes them). */
export function planeAlerts(context: AlertContext): AlertSpec[] {
  const { selector, time, options } = context;
  const job = planesJob(options.job);
  const [dataTarget, orderTarget] = [options.planeTargets.data, options.planeTargets.order];
  const up = (plane: string, instance: string) => selector("up", { job, instance, plane });
  const flags = `--data-port ${options.planeTargets.data.split(":")[1]} --order-port ${options.planeTargets.order.split(":")[1]} --strategy-port ${options.planeTargets.strategy.split(":")[1]}`;
  return [
    {
      alert: "TradingPlaneDown",
      severity: "warning",
      expr: `up{job="${job}"} == 0`,
      for: time.duration("1m"),
      summary: "The {{ $labels.plane }} plane's metrics endpoint {{ $labels.instance }} is down",
      description:
        "Prometheus has failed to scrape the {{ $labels.plane }} plane at {{ $labels.instance }} for a minute: its dashboard goes blank. The bot's own endpoint still carries every series, so trading alerts keep working.",
      runbook: [
        `Check that the bot serves its planes: \`tradewatch run ${flags}\` (or the planes ports in tradewatch.yaml).`,
        "curl http://{{ $labels.instance }}/health names the plane that answers; another process on the port answers differently or not at all.",
        "If the bot does not serve planes on purpose, generate the bundle without the planes job and its alert.",
      ],
      provoke: `\`tradewatch run ${flags} --fault-schedule 1m:healthy,3m:plane_down:data\`: the data plane's server stops for 3 minutes; fires about 2 minutes in. \`tradewatch run\` without the plane ports fires it for all three.`,
      seed: "Seed 003 runs one exporter per plane (ports 8000-8002) and alerts on none of them being down.",
      botSeries: false,
      fires: {
        name: "the data plane stops answering",
        interval: "15s",
        series: { [up("data", dataTarget)]: "1 0x10", [up("order", orderTarget)]: "1x10" },
        evalTime: "2m",
        expect: [{ labels: { job, instance: dataTarget, plane: "data" }, value: 0 }],
      },
      silent: {
        name: "the data plane misses three scrapes, then answers",
        interval: "15s",
        series: { [up("data", dataTarget)]: "1 0 0 0 1x8", [up("order", orderTarget)]: "1x10" },
        evalTime: "1m30s",
        expect: [],
      },
    },
  ];
}

/** Returns the alerts on Prometheus, Alertmanager and the Pushgateway, and the Watchdog. */
export function monitoringAlerts(context: AlertContext): AlertSpec[] {
  const { selector, time, options } = context;
  const targetDown = (
    alert: string,
    job: string,
    instance: string,
    severity: AlertSpec["severity"],
    what: string,
    consequence: string,
    provoke: string,
  ): AlertSpec => ({
    alert,
    severity,
    expr: `up{job="${job}"} == 0`,
    for: time.duration("1m"),
    summary: `${what} {{ $labels.instance }} is down`,
    description: `Prometheus has failed to scrape ${what} at {{ $labels.instance }} (job ${job}) for a minute: ${consequence}`,
    runbook: [
      "`tradewatch stack status` shows each process, its port and its log file; read the log's last lines.",
      "curl http://{{ $labels.instance }}/-/healthy; another process on the port answers differently or not at all.",
      "`tradewatch stack up` starts what is not running.",
    ],
    provoke,
    seed: "Seed 001's 'monitoring the monitor': alert on Prometheus scrape failures, for every job prometheus.yml scrapes.",
    botSeries: false,
    fires: {
      name: "down for two minutes",
      interval: "15s",
      series: { [selector("up", { job, instance })]: "1 0x10" },
      evalTime: "2m",
      expect: [{ labels: { job, instance }, value: 0 }],
    },
    silent: {
      name: "one missed scrape; the bot's job down is another alert",
      interval: "15s",
      series: {
        [selector("up", { job, instance })]: "1 0 1x8",
        [selector("up", { job: options.job })]: "0x10",
      },
      evalTime: "2m",
      expect: [],
    },
  });
  const failed = "alertmanager_notifications_failed_total";
  const alertmanagerInstance = "127.0.0.1:9093";
  return [
    targetDown(
      "PushgatewayDown",
      "pushgateway",
      "127.0.0.1:9091",
      "warning",
      "The Pushgateway",
      "batch jobs and backtests that push their metrics lose them, and pushed series go stale.",
      "`tradewatch stack up`, then stop the Pushgateway (its pid is in `tradewatch stack status`).",
    ),
    targetDown(
      "PrometheusSelfScrapeDown",
      "prometheus",
      "127.0.0.1:9090",
      "warning",
      "Prometheus",
      "its own health series are missing. A Prometheus that is down evaluates no rule at all; that is what the Watchdog is for.",
      "Change the `prometheus` job's target in prometheus.yml to a closed port and reload Prometheus (POST /-/reload).",
    ),
    targetDown(
      "AlertmanagerDown",
      "alertmanager",
      alertmanagerInstance,
      "critical",
      "Alertmanager",
      "alerts may not be delivered; this one reaches you only through another Alertmanager, or by the Watchdog going silent.",
      "`tradewatch stack up`, then stop Alertmanager (its pid is in `tradewatch stack status`).",
    ),
    {
      alert: "AlertmanagerNotificationsFailing",
      severity: "warning",
      expr: `sum by (job, instance, integration) (increase(${failed}[${time.duration("10m")}])) > 0`,
      for: time.duration("0s"),
      summary:
        'Alertmanager failed {{ $value | printf "%.0f" }} {{ $labels.integration }} notifications in 10 minutes on {{ $labels.instance }}',
      description:
        "Alertmanager could not deliver notifications through its {{ $labels.integration }} receiver: alerts are being lost on that route. This alert reaches you through the other receivers.",
      runbook: [
        "Read Alertmanager's log for the receiver's error (`tradewatch stack status` names the log file).",
        "webhook: is ALERT_WEBHOOK_URL's receiver running; slack/email/pagerduty: check the credential in alertmanager/secrets/.",
        "A receiver without credentials belongs out of the routing: regenerate the configuration without it.",
      ],
      provoke:
        "`ALERT_WEBHOOK_URL=http://127.0.0.1:9/ tradewatch stack up` (a closed port): the Watchdog's first notification fails.",
      seed: "New: 'monitoring the monitor' (seed 001) includes the last hop, Alertmanager to the receivers.",
      botSeries: false,
      fires: {
        name: "the webhook fails twice",
        interval: "1m",
        series: {
          [selector(failed, {
            job: "alertmanager",
            instance: alertmanagerInstance,
            integration: "webhook",
          })]: "0 0 1 2 2 2",
        },
        evalTime: "5m",
        expect: [
          {
            labels: { job: "alertmanager", instance: alertmanagerInstance, integration: "webhook" },
            value: 2,
          },
        ],
      },
      silent: {
        name: "the last failure was 15 minutes ago",
        interval: "1m",
        series: {
          [selector(failed, {
            job: "alertmanager",
            instance: alertmanagerInstance,
            integration: "webhook",
          })]: "0 1 1x20",
        },
        evalTime: "20m",
        expect: [],
      },
    },
    {
      alert: "Watchdog",
      severity: "info",
      expr: "vector(1)",
      for: time.duration("0s"),
      summary: "Watchdog: the alerting pipeline is alive",
      description:
        "Always firing, on purpose. Route it to an external dead-man switch (a heartbeat URL that pages when notifications stop): if it stops arriving, Prometheus, its rules or Alertmanager are down and no other alert can reach you.",
      runbook: [
        "Nothing to do while it fires: it is the heartbeat.",
        "If the dead-man switch reports it missing: check Prometheus (/-/healthy, /rules) and Alertmanager (/-/healthy, its log) in that order.",
      ],
      provoke: "Always firing, from the first rule evaluation after `tradewatch stack up`.",
      seed: "New: the standard dead-man switch; seed 001's 'monitoring the monitor' cannot alert on a dead Prometheus from that Prometheus.",
      botSeries: false,
      fires: {
        name: "fires with no input at all",
        interval: "1m",
        series: {},
        evalTime: "1m",
        expect: [{ labels: {}, value: 1 }],
      },
      silent: undefined,
    },
  ];
}
