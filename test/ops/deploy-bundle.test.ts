/** @module The committed deploy/ bundle: identical to what the catalog generates, and accepted by promtool, amtool and our linter. */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertmanagerConfig } from "../../src/ops/generate/alertmanager-config.js";
import { yamlFile } from "../../src/ops/generate/yaml-file.js";
import {
  alertSpecs,
  catalogSeriesIndex,
  defaultBundleOptions,
  generateBundle,
  lintPaths,
  writeBundle,
} from "../../src/ops/index.js";
import { runPromtool } from "../support/promtool.js";

const deploy = join(import.meta.dirname, "..", "..", "deploy");
const run = promisify(execFile);
/** `docker compose config` runs only where a Docker client with the compose plugin is installed. */
const composeAvailable = await run("docker", ["compose", "version"]).then(
  () => true,
  () => false,
);

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe("deploy/", () => {
  let regenerated: string;

  beforeAll(async () => {
    regenerated = await mkdtemp(join(tmpdir(), "tradewatch-deploy-"));
    await writeBundle(regenerated, generateBundle(defaultBundleOptions));
  });

  afterAll(async () => {
    await rm(regenerated, { recursive: true, force: true });
  });

  it("is exactly what `tradewatch ops generate` writes (regenerate and diff)", async () => {
    const expected = await listFiles(regenerated);
    expect(await listFiles(deploy)).toEqual(expected);
    for (const file of expected) {
      const committed = await readFile(join(deploy, file), "utf8");
      const fresh = await readFile(join(regenerated, file), "utf8");
      expect(committed, `deploy/${file} is stale: run "tradewatch ops generate"`).toBe(fresh);
    }
  });

  it("passes promtool check config", async () => {
    const result = await runPromtool([
      "check",
      "config",
      join(deploy, "prometheus", "prometheus.yml"),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: 2 rule files found/);
    expect(result.exitCode).toBe(0);
  });

  it("passes promtool check rules", async () => {
    const rules = join(deploy, "prometheus", "rules");
    const result = await runPromtool([
      "check",
      "rules",
      join(rules, "alerts.yml"),
      join(rules, "recording.yml"),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  // promtool evaluates every case's series minute by minute, days of them for the baselines of
  // LowCacheHitRatio: 24 s alone on this 2-core machine, past the default 30 s under CI's load.
  it("passes its promtool unit tests: every alert fires when it should and stays silent nearby", async () => {
    const testFile = join(deploy, "prometheus", "tests", "alerts.test.yml");
    const result = await runPromtool(["test", "rules", testFile]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);

    const tests = (
      parse(await readFile(testFile, "utf8")) as {
        tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
      }
    ).tests.flatMap((test) => test.alert_rule_test);
    const rules = parse(
      await readFile(join(deploy, "prometheus", "rules", "alerts.yml"), "utf8"),
    ) as {
      groups: { rules: { alert: string }[] }[];
    };
    const alerts = new Set(rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert)));
    expect(alerts.size).toBe(alertSpecs(defaultBundleOptions).length);
    for (const alert of alerts) {
      const cases = tests.filter((test) => test.alertname === alert);
      expect(
        cases.some((test) => test.exp_alerts.length > 0),
        `${alert} has a firing case`,
      ).toBe(true);
      // The Watchdog fires always, by design: it has no silent case.
      if (alert === "Watchdog") continue;
      expect(
        cases.some((test) => test.exp_alerts.length === 0),
        `${alert} has a silent case`,
      ).toBe(true);
    }
  }, 180_000);

  it("passes the promtool unit tests of its recording rules", async () => {
    const result = await runPromtool([
      "test",
      "rules",
      join(deploy, "prometheus", "tests", "recording.test.yml"),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });

  it("names every alert the seeds name, the bot down and absent, and the monitoring's own", async () => {
    const names = alertSpecs(defaultBundleOptions).map((spec) => spec.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        "CircuitBreakerTripped",
        "APIErrorBurst",
        "LowFillRatio",
        "HighExposure",
        "ExcessiveNoTrade",
        "KillSwitchActive",
        "HighAICost",
        "LowCacheHitRatio",
        "DatabaseDisconnected",
        "LargeDrawdown",
        "HighValidationErrorRate",
        "StaleData",
        "SlowCycles",
        "TradingBotDown",
        "TradingBotAbsent",
        "CircuitBreakerTripping",
        "ExtremeExposure",
        "TradingLoopStalled",
        "TradingPlaneDown",
        "PushgatewayDown",
        "PrometheusSelfScrapeDown",
        "AlertmanagerDown",
        "AlertmanagerNotificationsFailing",
        "Watchdog",
      ]),
    );
  });

  it("passes amtool check-config; with no receiver settings it shows alerts without sending them", async () => {
    const path = join(deploy, "alertmanager", "alertmanager.yml");
    const { stdout } = await run("/usr/bin/amtool", ["check-config", path]);
    expect(stdout).toMatch(/SUCCESS/);
    const routes = await run("/usr/bin/amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${path}`,
      "severity=critical",
      "alertname=Any",
    ]);
    expect(routes.stdout.trim()).toBe("none");
  });

  it("with every receiver's settings, reads every secret from a file and routes by severity: critical pages, warnings go to Slack and e-mail, everything to the webhook", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tradewatch-receivers-"));
    try {
      const path = join(directory, "alertmanager.yml");
      const config = alertmanagerConfig(defaultBundleOptions, {
        environment: {
          ALERT_WEBHOOK_URL: "http://127.0.0.1:9/alerts",
          ALERT_WEBHOOK_TOKEN: "t0k3n",
          SLACK_WEBHOOK_URL: "https://hooks.slack.invalid/T0",
          ALERT_EMAIL_TO: "ops@example.invalid",
          SMTP_AUTH_PASSWORD: "p4ss",
          PAGERDUTY_ROUTING_KEY: "k3y",
        },
      });
      await writeFile(path, yamlFile(config));
      const { stdout } = await run("/usr/bin/amtool", ["check-config", path]);
      expect(stdout).toMatch(/SUCCESS/);
      const text = await readFile(path, "utf8");
      for (const key of [
        "smtp_auth_password_file",
        "slack_api_url_file",
        "routing_key_file",
        "credentials_file",
      ]) {
        expect(text).toContain(`${key}: secrets/`);
      }
      expect(text).not.toMatch(/t0k3n|p4ss|k3y|hooks\.slack/);
      const receivers = async (severity: string) =>
        (
          await run("/usr/bin/amtool", [
            "config",
            "routes",
            "test",
            `--config.file=${path}`,
            `severity=${severity}`,
            "alertname=Any",
          ])
        ).stdout.trim();
      expect(await receivers("critical")).toBe("webhook,pagerduty,slack,email");
      expect(await receivers("warning")).toBe("webhook,slack,email");
      expect(await receivers("info")).toBe("webhook");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("passes our PromQL linter: every rule and dashboard query checks against the catalog", async () => {
    const { findings, files } = await lintPaths([deploy], catalogSeriesIndex());
    expect(files.map((file) => relative(deploy, file))).toEqual([
      "prometheus/rules/alerts.yml",
      "prometheus/rules/recording.yml",
      "grafana/dashboards/ai-cache.json",
      "grafana/dashboards/data-plane.json",
      "grafana/dashboards/errors.json",
      "grafana/dashboards/operations.json",
      "grafana/dashboards/order-plane.json",
      "grafana/dashboards/portfolio-performance.json",
      "grafana/dashboards/risk.json",
      "grafana/dashboards/sentiment.json",
      "grafana/dashboards/strategy-plane.json",
      "grafana/dashboards/system-health.json",
      "grafana/dashboards/trading.json",
    ]);
    expect(findings).toEqual([]);
  });

  it("has the seeds' dashboards: Operations' five rows, Trading's ten panels", async () => {
    const dashboard = async (name: string) =>
      JSON.parse(await readFile(join(deploy, "grafana", "dashboards", `${name}.json`), "utf8")) as {
        uid: string;
        panels: { type: string; title: string; datasource?: { uid: string } }[];
      };
    const operations = await dashboard("operations");
    expect(
      operations.panels.filter((panel) => panel.type === "row").map((panel) => panel.title),
    ).toEqual([
      "Portfolio health",
      "Execution quality",
      "Circuit breakers",
      "No-trade tracking",
      "Latency and performance",
    ]);
    const trading = await dashboard("trading");
    const titles = trading.panels
      .filter((panel) => panel.type !== "row")
      .map((panel) => panel.title);
    for (const title of [
      "Account value",
      "Daily PnL %",
      "Open positions",
      "Exposure",
      "Max drawdown",
      "Risk rejections by reason",
      "API latency p95",
      "Circuit breaker trips",
      "Cycle duration p95",
    ]) {
      expect(titles).toContain(title);
    }
    for (const panel of trading.panels.filter((panel) => panel.type !== "row")) {
      expect(panel.datasource?.uid).toBe("tradewatch-prometheus");
    }
  });

  it("provisions dashboards Grafana can load: unique uids, the provisioned datasource, panels within 24 columns", async () => {
    const datasources = parse(
      await readFile(
        join(deploy, "grafana", "provisioning", "datasources", "prometheus.yml"),
        "utf8",
      ),
    ) as { datasources: { uid: string; type: string }[] };
    const uid = datasources.datasources[0]?.uid;
    const files = (await readdir(join(deploy, "grafana", "dashboards"))).filter((file) =>
      file.endsWith(".json"),
    );
    expect(files).toHaveLength(11);
    const uids = new Set<string>();
    for (const file of files) {
      const dashboard = JSON.parse(
        await readFile(join(deploy, "grafana", "dashboards", file), "utf8"),
      ) as {
        uid: string;
        title: string;
        templating: { list: { name: string; query: unknown }[] };
        panels: {
          type: string;
          gridPos: { x: number; w: number };
          datasource?: { uid: string };
          targets?: { expr: string; datasource: { uid: string } }[];
        }[];
      };
      uids.add(dashboard.uid);
      expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(["job"]);
      for (const panel of dashboard.panels) {
        expect(panel.gridPos.x + panel.gridPos.w, `${file}: panel overflows`).toBeLessThanOrEqual(
          24,
        );
        if (panel.type === "row") continue;
        expect(panel.datasource?.uid).toBe(uid);
        expect(panel.targets?.length, `${file}: panel without a query`).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) {
          expect(target.datasource.uid).toBe(uid);
          expect(target.expr).toContain('job=~"$job"');
        }
      }
    }
    expect(uids.size).toBe(files.length);
  });

  it("starts Grafana only with an admin password from the environment", async () => {
    const compose = parse(await readFile(join(deploy, "docker-compose.yml"), "utf8")) as {
      services: Record<string, { environment?: Record<string, string>; command?: string[] }>;
    };
    expect(compose.services.grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: docker compose interpolation, not a JavaScript template
      "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}",
    );
    expect(compose.services.prometheus?.command).toContain("--storage.tsdb.retention.time=30d");
    expect(Object.keys(compose.services).sort()).toEqual([
      "alertmanager",
      "grafana",
      "prometheus",
      "pushgateway",
      "victoria-metrics",
    ]);
  });

  it.runIf(composeAvailable)("passes docker compose config", async () => {
    const { stdout } = await run(
      "docker",
      ["compose", "-f", join(deploy, "docker-compose.yml"), "config", "--quiet"],
      {
        env: { ...process.env, GRAFANA_ADMIN_PASSWORD: "test" },
      },
    );
    expect(stdout).toBe("");
  });
});
