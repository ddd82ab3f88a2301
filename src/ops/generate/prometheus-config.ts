/** @module Generates prometheus.yml: the bot and plane scrape jobs, the Pushgateway, self-monitoring, rule files and Alertmanager. */
import type { BundleOptions } from "../types.js";
import { planesJob } from "./alerts/monitoring-alerts.js";
import { durationMilliseconds, formatDuration, TimeScale } from "./alerts/time-scale.js";

/** Overrides for a test or `stack up` run: other ports, shorter intervals, absolute rule paths. */
export interface PrometheusConfigOverrides {
  /** Taken as given, not scaled by `timeScale`. */
  readonly scrapeInterval?: string | undefined;
  /** Taken as given, not scaled by `timeScale`; the scrape interval by default. */
  readonly evaluationInterval?: string | undefined;
  readonly ruleFiles?: readonly string[] | undefined;
  /** Leaves out the per-plane job (when the planes are not served on ports of their own). */
  readonly withoutPlanes?: boolean | undefined;
  /**
   * Multiplies the bundle's scrape and evaluation interval (and Prometheus's 10 s scrape
   * timeout, kept within the interval), as `alertRuleGroups`' `timeScale` scales the rules.
   * Default 1.
   */
  readonly timeScale?: number | undefined;
  /**
   * A long-term store's Prometheus remote_write receiver, e.g. VictoriaMetrics'
   * `http://127.0.0.1:8428/api/v1/write` (Mimir's `/api/v1/push` and Thanos Receive's
   * `/api/v1/receive` take the same block). Every series goes with its job and instance
   * and the external labels.
   */
  readonly remoteWriteUrl?: string | undefined;
}

/** Prometheus's default scrape timeout. */
const defaultScrapeTimeout = "10s";

/** Returns the Prometheus configuration as an object ready to serialise. */
export function prometheusConfig(
  options: BundleOptions,
  overrides: PrometheusConfigOverrides = {},
): Record<string, unknown> {
  const time = new TimeScale(overrides.timeScale ?? 1);
  const interval = overrides.scrapeInterval ?? time.duration(options.scrapeInterval);
  // Prometheus refuses a scrape_timeout longer than the scrape_interval.
  const timeout =
    time.factor === 1
      ? undefined
      : formatDuration(
          Math.min(time.milliseconds(defaultScrapeTimeout), durationMilliseconds(interval)),
        );
  // Each plane's target carries its name, so that `up` says which plane is down. The planes
  // export the same `plane` label themselves: honor_labels keeps theirs instead of renaming
  // it to exported_plane.
  const planes = Object.entries(options.planeTargets).map(([plane, target]) => ({
    targets: [target],
    labels: { plane },
  }));
  return {
    global: {
      scrape_interval: interval,
      ...(timeout === undefined ? {} : { scrape_timeout: timeout }),
      evaluation_interval: overrides.evaluationInterval ?? interval,
      // Added to every remote-written series and alert: which Prometheus it came from.
      external_labels: { monitor: "tradewatch" },
    },
    ...(overrides.remoteWriteUrl === undefined
      ? {}
      : {
          remote_write: [
            {
              url: overrides.remoteWriteUrl,
              name: "long-term",
              // Prometheus's own defaults, written out so that an operator sees the knobs:
              // raise max_samples_per_send and capacity before shards for many bots.
              queue_config: { capacity: 10_000, max_shards: 50, max_samples_per_send: 2_000 },
            },
          ],
        }),
    rule_files: overrides.ruleFiles ?? ["rules/*.yml"],
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [options.alertmanagerTarget] }] }],
    },
    scrape_configs: [
      {
        job_name: options.job,
        metrics_path: "/metrics",
        static_configs: [{ targets: [options.botTarget] }],
      },
      ...(overrides.withoutPlanes
        ? []
        : [
            {
              job_name: planesJob(options.job),
              metrics_path: "/metrics",
              honor_labels: true,
              static_configs: planes,
            },
          ]),
      {
        // Pushed series keep the job and instance labels the pusher gave them.
        job_name: "pushgateway",
        honor_labels: true,
        static_configs: [{ targets: [options.pushgatewayTarget] }],
      },
      { job_name: "prometheus", static_configs: [{ targets: [options.prometheusTarget] }] },
      { job_name: "alertmanager", static_configs: [{ targets: [options.alertmanagerTarget] }] },
    ],
  };
}
