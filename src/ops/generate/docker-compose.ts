/** @module Generates docker-compose.yml: Prometheus (30-day retention), Alertmanager, Pushgateway and Grafana, for users with Docker, and VictoriaMetrics in the `long-term` profile. */
import type { BundleOptions } from "../types.js";
import { alertmanagerSecrets } from "./alertmanager-config.js";
import { grafanaDashboardsPath, victoriaMetricsTarget } from "./grafana-provisioning.js";

/** The compose profile that adds the long-term store, as `tradewatch stack up --long-term victoria-metrics` does. */
export const longTermProfile = "long-term";

/**
 * Where the Prometheus container finds the long-term profile's configuration
 * (`deploy/long-term/prometheus.yml`, whose rule_files point at `../prometheus/rules`,
 * i.e. the default profile's rules under `/etc/prometheus`).
 */
export const longTermPrometheusConfig = "/etc/long-term/prometheus.yml";

/** The environment variable that picks Prometheus' configuration file inside the container. */
export const prometheusConfigVariable = "TRADEWATCH_PROMETHEUS_CONFIG";

/** The environment variable that sets VictoriaMetrics' retention (`-retentionPeriod`), as `stack up --retention`. */
export const retentionVariable = "TRADEWATCH_RETENTION";

/**
 * Returns the compose file. Every service uses the host network and listens on
 * 127.0.0.1, so the generated prometheus.yml (which scrapes the bot on 127.0.0.1) works
 * unchanged inside and outside Docker. Secrets come from the environment as compose
 * secrets, mounted at `/etc/alertmanager/secrets/` where alertmanager.yml's relative
 * `*_file` paths point: only the configuration file is bound from the bundle, so that
 * directory lives in the container's own, writable `/etc/alertmanager`. The Pushgateway
 * persists its metrics on a volume, as `stack up` does; the Grafana admin password must
 * be set (no admin/admin default).
 *
 * The `long-term` profile adds VictoriaMetrics on 127.0.0.1:8428 (retention 1y unless
 * `TRADEWATCH_RETENTION` says otherwise, as `stack up --long-term victoria-metrics
 * --retention`); with `TRADEWATCH_PROMETHEUS_CONFIG=/etc/long-term/prometheus.yml`
 * Prometheus runs `long-term/prometheus.yml`, the same scrape and rules plus the
 * remote_write to it. A profile cannot change another service's command, hence the variable:
 * `COMPOSE_PROFILES=long-term TRADEWATCH_PROMETHEUS_CONFIG=/etc/long-term/prometheus.yml docker compose up -d`.
 */
export function dockerCompose(options: BundleOptions): Record<string, unknown> {
  const secrets = Object.fromEntries(
    alertmanagerSecrets.map((secret) => [
      secret.file.replace("secrets/", ""),
      { environment: secret.env },
    ]),
  );
  return {
    name: "tradewatch",
    services: {
      prometheus: {
        image: "prom/prometheus:v2.42.0",
        network_mode: "host",
        restart: "unless-stopped",
        command: [
          `--config.file=\${${prometheusConfigVariable}:-/etc/prometheus/prometheus.yml}`,
          "--storage.tsdb.path=/prometheus",
          "--storage.tsdb.retention.time=30d",
          `--web.listen-address=${options.prometheusTarget}`,
          "--web.enable-lifecycle",
        ],
        volumes: [
          "./prometheus:/etc/prometheus:ro",
          `./long-term:${longTermPrometheusConfig.replace(/\/[^/]+$/, "")}:ro`,
          "prometheus_data:/prometheus",
        ],
      },
      "victoria-metrics": {
        image: "victoriametrics/victoria-metrics:v1.79.5",
        profiles: [longTermProfile],
        network_mode: "host",
        restart: "unless-stopped",
        command: [
          "-storageDataPath=/victoria-metrics-data",
          `-httpListenAddr=${victoriaMetricsTarget}`,
          `-retentionPeriod=\${${retentionVariable}:-1y}`,
        ],
        volumes: ["victoria_metrics_data:/victoria-metrics-data"],
      },
      alertmanager: {
        image: "prom/alertmanager:v0.25.0",
        network_mode: "host",
        restart: "unless-stopped",
        command: [
          "--config.file=/etc/alertmanager/alertmanager.yml",
          "--storage.path=/alertmanager",
          `--web.listen-address=${options.alertmanagerTarget}`,
          "--cluster.listen-address=",
        ],
        volumes: [
          "./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro",
          "alertmanager_data:/alertmanager",
        ],
        secrets: alertmanagerSecrets.map((secret) => ({
          source: secret.file.replace("secrets/", ""),
          target: `/etc/alertmanager/${secret.file}`,
        })),
      },
      pushgateway: {
        image: "prom/pushgateway:v1.5.1",
        network_mode: "host",
        restart: "unless-stopped",
        command: [
          `--web.listen-address=${options.pushgatewayTarget}`,
          // The image's working directory, owned by its user (nobody).
          "--persistence.file=/pushgateway/metrics.store",
        ],
        volumes: ["pushgateway_data:/pushgateway"],
      },
      grafana: {
        image: "grafana/grafana:12.1.1",
        network_mode: "host",
        restart: "unless-stopped",
        depends_on: ["prometheus"],
        environment: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: docker compose interpolation, not a JavaScript template
          GF_SECURITY_ADMIN_USER: "${GRAFANA_ADMIN_USER:-admin}",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: docker compose interpolation, not a JavaScript template
          GF_SECURITY_ADMIN_PASSWORD: "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}",
          GF_SERVER_HTTP_ADDR: "127.0.0.1",
          GF_SERVER_HTTP_PORT: String(options.grafanaPort),
          GF_USERS_ALLOW_SIGN_UP: "false",
          GF_AUTH_ANONYMOUS_ENABLED: "false",
        },
        volumes: [
          "./grafana/provisioning:/etc/grafana/provisioning:ro",
          `./grafana/dashboards:${grafanaDashboardsPath}:ro`,
          "grafana_data:/var/lib/grafana",
        ],
      },
    },
    secrets,
    volumes: {
      prometheus_data: {},
      alertmanager_data: {},
      pushgateway_data: {},
      grafana_data: {},
      victoria_metrics_data: {},
    },
  };
}
