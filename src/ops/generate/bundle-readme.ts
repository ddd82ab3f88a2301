/** @module Generates deploy/README.md: what each file of the bundle is, how to run it with `tradewatch stack` or docker compose, and where alert receivers and their secrets come from. */
import type { BundleOptions } from "../types.js";
import { alertSpecs } from "./alert-rules.js";
import { alertmanagerReceiverVariables, alertmanagerSecrets } from "./alertmanager-config.js";
import { generatedHeader } from "./yaml-file.js";

/** Returns the bundle's README.md. */
export function bundleReadme(options: BundleOptions): string {
  const variables = alertmanagerReceiverVariables.map((variable) => {
    const secret = alertmanagerSecrets.find((entry) => entry.env === variable.env);
    return `| \`${variable.env}\` | ${variable.receiver} | ${variable.use}${secret === undefined ? "" : `: \`alertmanager/${secret.file}\``} |`;
  });
  const port = (target: string) => target.split(":")[1];
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
| \`alertmanager/alertmanager.yml\` | Groups and inhibits alerts; as committed it has no receiver (see "Alert receivers"). |
| \`grafana/\` | Datasource and dashboard provisioning, and the dashboards (each filters on a \`job\` variable). |
| \`docker-compose.yml\` | The same stack in Docker (host network, 30-day retention, persistent Pushgateway); the \`long-term\` profile adds VictoriaMetrics. |

## Run it

Without Docker, with the Debian packages \`prometheus\`, \`prometheus-alertmanager\` and
\`prometheus-pushgateway\` installed:

\`\`\`sh
tradewatch run &              # the bot on ${options.botTarget}
ALERT_WEBHOOK_URL=http://127.0.0.1:5001/alerts \\
  tradewatch stack up         # Prometheus, Alertmanager, Pushgateway in .tradewatch/stack
tradewatch stack status       # exits 1 unless all three run
tradewatch stack down
\`\`\`

\`stack up\` writes this configuration into its directory (\`--dir\`, default
\`.tradewatch/stack\`), starts the three servers there (logs in \`<dir>/<server>.log\`), and
checks that each is the server answering on its port: when one is not (a port taken by
another process, a server that exits), it stops what it started and exits 1 with one line
naming the server, the port and the log file. It records the ports and pids in
\`<dir>/stack.json\`, so \`stack status --dir\` and \`stack down --dir\` find servers started with
\`--prometheus-port\`, \`--alertmanager-port\` or \`--pushgateway-port\`.

**Your edits to the files in \`<dir>\` survive.** \`stack up\` remembers what it wrote; if you
edited a file since (say \`<dir>/alertmanager/alertmanager.yml\`), it refuses, shows the
difference, and asks for \`--keep-edits\` (start with your file as it is) or \`--force\`
(regenerate it; your version is kept as \`<file>.edited\`). To change what is generated for
good, change src/ops and regenerate.

The planes job scrapes ${Object.values(options.planeTargets).join(", ")}: run the bot with
\`--data-port ${port(options.planeTargets.data)} --order-port ${port(options.planeTargets.order)} --strategy-port ${port(options.planeTargets.strategy)}\` (or set the \`planes\` ports in
tradewatch.yaml) to serve them; the dashboards' \`job\` variable switches to them. Elsewhere,
tell the stack: \`stack up --planes data=HOST:PORT,order=HOST:PORT,strategy=HOST:PORT\`, or
\`--no-planes\` when the bot serves no plane ports.

With Docker: \`GRAFANA_ADMIN_PASSWORD=... docker compose -f deploy/docker-compose.yml up -d\`;
Grafana listens on 127.0.0.1:${options.grafanaPort} and refuses to start without the password.
With the long-term store (VictoriaMetrics on 127.0.0.1:8428, Prometheus remote-writing to it
through \`long-term/prometheus.yml\`, retention \`TRADEWATCH_RETENTION\`, default 1y):
\`COMPOSE_PROFILES=long-term TRADEWATCH_PROMETHEUS_CONFIG=/etc/long-term/prometheus.yml docker compose -f deploy/docker-compose.yml up -d\`.

## Alert receivers

Receivers come from the environment, and **a receiver whose settings are not set is left
out of the routing** rather than configured to fail. With none set, which is how
\`alertmanager/alertmanager.yml\` is committed, every alert goes to the \`none\` receiver: it
shows in Alertmanager (http://${options.alertmanagerTarget}/) and in Prometheus's
\`/alerts\`, and nothing is sent anywhere, so a fresh bundle never reports failed
notifications. The webhook, when set, receives every alert; PagerDuty the critical ones;
Slack and e-mail the critical and warning ones.

| Variable | Receiver | Use (and the secret file \`stack up\` writes it to) |
| --- | --- | --- |
${variables.join("\n")}

\`stack up\` reads them each time it starts. For docker compose, write the receivers into
the bundle's configuration first with \`tradewatch ops generate --receivers-from-env\`, and
export every secret variable (\`${alertmanagerSecrets.map((secret) => secret.env).join("`, `")}\`; empty
for a receiver you do not use): compose mounts each as a secret at
\`/etc/alertmanager/secrets/\`, where alertmanager.yml reads it.

No secret is ever written into these files: Alertmanager reads each from a file (the
webhook URL, which Alertmanager 0.25 cannot read from a file, is written into the
configuration; put its credential in \`ALERT_WEBHOOK_TOKEN\`).
`;
}
