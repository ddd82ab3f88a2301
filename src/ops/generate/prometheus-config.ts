/** @module Generates prometheus.yml: the bot and plane scrape jobs, the Pushgateway, self-monitoring, rule files and Alertmanager. */
import type { BundleOptions } from "../types.js";

/** Overrides for a test or `stack up` run: other ports, shorter intervals, absolute rule paths. */
export interface PrometheusConfigOverrides {
  readonly scrapeInterval?: string | undefined;
  readonly evaluationInterval?: string | undefined;
  readonly ruleFiles?: readonly string[] | undefined;
  /** Leaves out the per-plane job (when the planes are not served on ports of their own). */
  readonly withoutPlanes?: boolean | undefined;
}

/** Returns the Prometheus configuration as an object ready to serialise. */
export function prometheusConfig(
  options: BundleOptions,
  overrides: PrometheusConfigOverrides = {},
): Record<string, unknown> {
  const interval = overrides.scrapeInterval ?? options.scrapeInterval;
  // The planes export their `plane` label themselves; a target label would clash with it.
  const planes = [{ targets: Object.values(options.planeTargets) }];
  return {
    global: {
      scrape_interval: interval,
      evaluation_interval: overrides.evaluationInterval ?? interval,
      external_labels: { monitor: "tradewatch" },
    },
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
              job_name: `${options.job}-planes`,
              metrics_path: "/metrics",
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
