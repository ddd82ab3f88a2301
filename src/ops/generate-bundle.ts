/** @module Generates the whole operations bundle (deploy/) from the catalog, and writes or compares it on disk. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { alertRuleGroups, alertSpecs } from "./generate/alert-rules.js";
import { alertmanagerConfig, alertmanagerSecrets } from "./generate/alertmanager-config.js";
import { buildDashboard } from "./generate/dashboard-builder.js";
import { dashboardSpecs } from "./generate/dashboards.js";
import { dockerCompose } from "./generate/docker-compose.js";
import { grafanaDashboardProviders, grafanaDatasources } from "./generate/grafana-provisioning.js";
import { prometheusConfig } from "./generate/prometheus-config.js";
import { recordingRuleGroups } from "./generate/recording-rules.js";
import { alertRuleTests, recordingRuleTests } from "./generate/rule-tests.js";
import { runbook } from "./generate/runbook.js";
import { generatedHeader, yamlFile } from "./generate/yaml-file.js";
import type { BundleOptions, GeneratedFile } from "./types.js";

function readme(options: BundleOptions): string {
  const secrets = alertmanagerSecrets.map(
    (secret) => `| \`${secret.env}\` | \`alertmanager/${secret.file}\` |`,
  );
  return `<!-- ${generatedHeader} -->
# The tradewatch operations bundle

Everything here is generated from the metric catalog by \`tradewatch ops generate\`; a test
regenerates it and fails on any difference, and \`tradewatch ops lint\` checks every PromQL
expression in it against the catalog.

| Path | What |
| --- | --- |
| \`prometheus/prometheus.yml\` | Scrapes the bot (${options.botTarget}), its planes, the Pushgateway (\`honor_labels\`), Prometheus and Alertmanager every ${options.scrapeInterval}; loads \`rules/*.yml\`; sends alerts to ${options.alertmanagerTarget}. |
| \`prometheus/rules/alerts.yml\` | ${alertSpecs(options).length} alerts with severity, summary, description and runbook; see RUNBOOK.md. |
| \`prometheus/rules/recording.yml\` | p95 latencies and rates by reason that the dashboards read. |
| \`prometheus/tests/alerts.test.yml\` | \`promtool test rules\` cases: each alert fires when it should and stays silent nearby. |
| \`prometheus/tests/recording.test.yml\` | \`promtool test rules\` cases for a p95, a rate by reason and a ratio. |
| \`alertmanager/alertmanager.yml\` | Routes by severity: every alert to the webhook, critical to PagerDuty, critical and warning to Slack and e-mail. |
| \`grafana/\` | Datasource and dashboard provisioning, and the dashboards (each filters on a \`job\` variable). |
| \`docker-compose.yml\` | The same stack in Docker (host network, 30-day retention). |

## Run it

Without Docker, with the Debian packages \`prometheus\`, \`prometheus-alertmanager\` and
\`prometheus-pushgateway\` installed:

\`\`\`sh
tradewatch run &              # the bot on ${options.botTarget}
tradewatch stack up           # Prometheus, Alertmanager, Pushgateway in .tradewatch/stack
tradewatch stack down
\`\`\`

The planes job scrapes ${Object.values(options.planeTargets).join(", ")}: run the bot with
\`--data-port ${options.planeTargets.data.split(":")[1]} --order-port ${options.planeTargets.order.split(":")[1]} --strategy-port ${options.planeTargets.strategy.split(":")[1]}\` (or set the \`planes\` ports in
tradewatch.yaml) to serve them; the dashboards' \`job\` variable switches to them.

With Docker: \`GRAFANA_ADMIN_PASSWORD=... docker compose -f deploy/docker-compose.yml up -d\`;
Grafana listens on 127.0.0.1:${options.grafanaPort} and refuses to start without the password.

## Secrets

No secret is ever written into these files. Alertmanager reads each from a file, which
\`stack up\` and docker compose fill from the environment (for docker compose, set each
variable; an empty value leaves that receiver without its credential):

| Variable | File |
| --- | --- |
${secrets.join("\n")}
`;
}

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
    { path: "alertmanager/alertmanager.yml", content: yamlFile(alertmanagerConfig(options)) },
    {
      path: "grafana/provisioning/datasources/prometheus.yml",
      content: yamlFile(grafanaDatasources(options)),
    },
    {
      path: "grafana/provisioning/dashboards/tradewatch.yml",
      content: yamlFile(grafanaDashboardProviders()),
    },
    ...dashboards,
    { path: "docker-compose.yml", content: yamlFile(dockerCompose(options)) },
    { path: "README.md", content: readme(options) },
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
