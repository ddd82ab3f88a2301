/** @module Generates Grafana's provisioning files: the Prometheus datasource and the file provider that loads the generated dashboards. */
import type { BundleOptions } from "../types.js";

/** The datasource uid every generated panel refers to. */
export const prometheusDatasourceUid = "tradewatch-prometheus";

/** Where the Grafana container (docker-compose) finds the dashboards directory. */
export const grafanaDashboardsPath = "/var/lib/grafana/dashboards/tradewatch";

/** Returns provisioning/datasources/prometheus.yml. */
export function grafanaDatasources(options: BundleOptions): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: prometheusDatasourceUid,
        type: "prometheus",
        access: "proxy",
        url: `http://${options.prometheusTarget}`,
        isDefault: true,
        editable: false,
        jsonData: { timeInterval: options.scrapeInterval, httpMethod: "POST" },
      },
    ],
  };
}

/** The long-term profile's VictoriaMetrics, where `tradewatch stack up --long-term victoria-metrics` runs it. */
export const victoriaMetricsTarget = "127.0.0.1:8428";

/**
 * Returns provisioning/datasources/victoria-metrics.yml: the long-term store as a second,
 * Prometheus-compatible datasource (VictoriaMetrics answers the Prometheus query API at
 * its root; for Mimir use `<url>/prometheus`, for Thanos the Querier's URL). Every
 * dashboard runs against it unchanged: pick it in the datasource menu.
 */
export function grafanaLongTermDatasource(): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: "VictoriaMetrics (long-term)",
        uid: "tradewatch-long-term",
        type: "prometheus",
        access: "proxy",
        url: `http://${victoriaMetricsTarget}`,
        isDefault: false,
        editable: false,
        jsonData: { httpMethod: "POST" },
      },
    ],
  };
}

/** Returns provisioning/dashboards/tradewatch.yml. */
export function grafanaDashboardProviders(): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [
      {
        name: "tradewatch",
        folder: "Tradewatch",
        type: "file",
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: grafanaDashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  };
}
