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
