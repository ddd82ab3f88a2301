/** @module Generates the whole operations bundle (deploy/) from the catalog, and writes or compares it on disk. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { alertRuleGroups } from "./generate/alert-rules.js";
import { alertmanagerConfig } from "./generate/alertmanager-config.js";
import { bundleReadme } from "./generate/bundle-readme.js";
import { buildDashboard } from "./generate/dashboard-builder.js";
import { dashboardSpecs } from "./generate/dashboards.js";
import { dockerCompose } from "./generate/docker-compose.js";
import {
  grafanaDashboardProviders,
  grafanaDatasources,
  grafanaLongTermDatasource,
  victoriaMetricsTarget,
} from "./generate/grafana-provisioning.js";
import { prometheusConfig } from "./generate/prometheus-config.js";
import { recordingRuleGroups } from "./generate/recording-rules.js";
import { alertRuleTests, recordingRuleTests } from "./generate/rule-tests.js";
import { runbook } from "./generate/runbook.js";
import { yamlFile } from "./generate/yaml-file.js";
import type { BundleOptions, GeneratedFile } from "./types.js";

/** The comment that heads long-term/prometheus.yml: how to run the store it writes to. */
const longTermComment = `# The long-term profile: prometheus.yml plus remote_write of every scraped series (with
# its job and instance, and the external label monitor="tradewatch": give each Prometheus
# its own value, e.g. monitor: tradewatch-eu, when several write to one store).
# Run VictoriaMetrics (Debian package victoria-metrics) with its retention set:
#   victoria-metrics -storageDataPath=/var/lib/victoria-metrics -httpListenAddr=${victoriaMetricsTarget} -retentionPeriod=1y
# or let "tradewatch stack up --long-term victoria-metrics --retention 1y" run it.
# Mimir (url: http://mimir:9009/api/v1/push) and Thanos Receive
# (url: http://receive:19291/api/v1/receive) take the same remote_write block.
# Start Prometheus with --config.file=deploy/long-term/prometheus.yml (its rule_files point
# at ../prometheus/rules, the same rules as the default profile).
`;

/** Returns every file of the bundle, paths relative to deploy/. */
export function generateBundle(options: BundleOptions): GeneratedFile[] {
  const dashboards = dashboardSpecs(options).map((spec) => ({
    path: `grafana/dashboards/${spec.file}.json`,
    content: `${JSON.stringify(buildDashboard(spec, options.job), null, 2)}\n`,
  }));
  return [
    { path: "prometheus/prometheus.yml", content: yamlFile(prometheusConfig(options)) },
    { path: "prometheus/rules/alerts.yml", content: yamlFile(alertRuleGroups(options)) },
    { path: "prometheus/rules/recording.yml", content: yamlFile(recordingRuleGroups(options)) },
    { path: "prometheus/tests/alerts.test.yml", content: yamlFile(alertRuleTests(options)) },
    { path: "prometheus/tests/recording.test.yml", content: yamlFile(recordingRuleTests(options)) },
    {
      path: "long-term/prometheus.yml",
      content: yamlFile(
        prometheusConfig(options, {
          ruleFiles: ["../prometheus/rules/*.yml"],
          remoteWriteUrl: `http://${victoriaMetricsTarget}/api/v1/write`,
        }),
      ).replace("\n", `\n${longTermComment}`),
    },
    { path: "alertmanager/alertmanager.yml", content: yamlFile(alertmanagerConfig(options)) },
    {
      path: "grafana/provisioning/datasources/prometheus.yml",
      content: yamlFile(grafanaDatasources(options)),
    },
    {
      path: "grafana/provisioning/datasources/victoria-metrics.yml",
      content: yamlFile(grafanaLongTermDatasource()),
    },
    {
      path: "grafana/provisioning/dashboards/tradewatch.yml",
      content: yamlFile(grafanaDashboardProviders()),
    },
    ...dashboards,
    { path: "docker-compose.yml", content: yamlFile(dockerCompose(options)) },
    { path: "README.md", content: bundleReadme(options) },
    { path: "RUNBOOK.md", content: runbook(options) },
  ];
}

/** Writes the bundle under `directory`, creating folders as needed. */
export async function writeBundle(
  directory: string,
  files: readonly GeneratedFile[],
): Promise<void> {
  for (const file of files) {
    const path = join(directory, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}

/** Returns the bundle files whose content on disk under `directory` differs from the generated one (or is missing). */
export async function staleBundleFiles(
  directory: string,
  files: readonly GeneratedFile[],
): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const current = await readFile(join(directory, file.path), "utf8").catch(() => undefined);
    if (current !== file.content) stale.push(file.path);
  }
  return stale;
}
