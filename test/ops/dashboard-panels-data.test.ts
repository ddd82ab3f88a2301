/**
 * @module Every generated Grafana panel shows data on a default run or says what feeds it: a
 * default `tradewatch run` (fresh journal, as `npm start`), the real Prometheus scraping it
 * every second with the generated recording rules, and every query of every panel run the way
 * Grafana runs it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import {
  buildDashboard,
  type DashboardSpec,
  type PanelSpec,
} from "../../src/ops/generate/dashboard-builder.js";
import { dashboardSpecs } from "../../src/ops/generate/dashboards.js";
import { prometheusConfig } from "../../src/ops/generate/prometheus-config.js";
import { recordingRuleGroups } from "../../src/ops/generate/recording-rules.js";
import type { BundleOptions } from "../../src/ops/types.js";
import { freePort } from "../support/free-port.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long a default run gets to fill the panels (the promise is two minutes). */
const patienceMs = 90_000;

/**
 * Grafana's variables as a dashboard opened on the default job and its default 6 h range
 * would resolve them: `$__rate_interval` is at least four scrape intervals, which with
 * Grafana's default 15 s is one minute.
 */
function substitute(expression: string, job: string): string {
  return expression
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "6h")
    .replaceAll("$__interval", "15s")
    .replaceAll("$job", job);
}

/** A query as the generated dashboard JSON holds it. */
interface GrafanaTarget {
  readonly expr: string;
  readonly instant?: boolean;
}

/** A panel as the generated dashboard JSON holds it. */
interface GrafanaPanel {
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly targets?: readonly GrafanaTarget[];
}

interface QueryOutcome {
  readonly expression: string;
  /** Series with at least one finite value. */
  readonly series: number;
  readonly error?: string | undefined;
}

interface PanelOutcome {
  readonly dashboard: DashboardSpec;
  /** The panel's spec, for its declared feed. */
  readonly panel: PanelSpec;
  /** The panel as Grafana receives it. */
  readonly built: GrafanaPanel;
  readonly queries: readonly QueryOutcome[];
}

function finite(value: string): boolean {
  return Number.isFinite(Number(value));
}

/** Runs one query as its panel would: instant for instant queries, else over the run so far. */
async function runQuery(
  prometheus: PrometheusServer,
  target: GrafanaTarget,
  job: string,
  since: number,
): Promise<QueryOutcome> {
  const expression = substitute(target.expr, job);
  const instant = target.instant === true;
  const now = Date.now() / 1000;
  const params = new URLSearchParams({ query: expression });
  let path = "/api/v1/query";
  if (!instant) {
    path = "/api/v1/query_range";
    params.set("start", String(Math.floor(since)));
    params.set("end", String(Math.ceil(now)));
    params.set("step", "2");
  }
  const response = await fetch(`${prometheus.url}${path}?${params.toString()}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: {
      resultType: string;
      result: { value?: [number, string]; values?: [number, string][] }[] | [number, string];
    };
  };
  if (body.status !== "success" || body.data === undefined) {
    return { expression, series: 0, error: body.error ?? `HTTP ${response.status}` };
  }
  const { resultType, result } = body.data;
  if (resultType === "scalar") {
    return { expression, series: finite((result as [number, string])[1]) ? 1 : 0 };
  }
  const series = (result as { value?: [number, string]; values?: [number, string][] }[]).filter(
    (entry) =>
      entry.value !== undefined
        ? finite(entry.value[1])
        : (entry.values ?? []).some(([, value]) => finite(value)),
  ).length;
  return { expression, series };
}

const hasData = (outcome: PanelOutcome): boolean =>
  outcome.queries.every((query) => query.series > 0);

describe("Grafana panels on a default run", () => {
  const bundle: BundleOptions = { ...defaultBundleOptions };
  const specs = dashboardSpecs(bundle);
  let bot: ChildProcess | undefined;
  let botLog = "";
  let journalDir: string;
  let prometheus: PrometheusServer;
  let startedAt: number;

  beforeAll(async () => {
    journalDir = await mkdtemp(join(tmpdir(), "tradewatch-panels-journal-"));
    const port = await freePort();
    // `npm start` is `tradewatch run` with every default: a journal (here a fresh one).
    bot = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "run",
        "--port",
        String(port),
        "--quiet",
        "--journal",
        join(journalDir, "paper.sqlite"),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    bot.stdout?.on("data", (chunk: Buffer) => (botLog += chunk.toString("utf8")));
    bot.stderr?.on("data", (chunk: Buffer) => (botLog += chunk.toString("utf8")));
    const target = { ...bundle, botTarget: `127.0.0.1:${port}` };
    const generated = prometheusConfig(target, { scrapeInterval: "1s", withoutPlanes: true });
    prometheus = await startPrometheus({
      scrapeConfigs: (generated.scrape_configs as { job_name: string }[]).filter(
        (job) => job.job_name === bundle.job,
      ),
      ruleFiles: { "recording.yml": recordingRuleGroups(target) },
    });
    startedAt = Date.now() / 1000;
    await prometheus.waitForTargetsUp(30_000);
  }, 60_000);

  afterAll(async () => {
    if (bot !== undefined && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot?.once("exit", resolve));
      bot.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (bot.exitCode === null) bot.kill("SIGKILL");
    }
    await prometheus?.stop();
    if (journalDir !== undefined) await rm(journalDir, { recursive: true, force: true });
  });

  /** Runs every query of every panel of the generated dashboards, as Grafana would. */
  async function runAll(): Promise<PanelOutcome[]> {
    const outcomes: PanelOutcome[] = [];
    for (const dashboard of specs) {
      const built = buildDashboard(dashboard, bundle.job).panels as unknown as GrafanaPanel[];
      for (const panel of dashboard.rows.flatMap((row) => row.panels)) {
        const grafana = built.find(
          (candidate) => candidate.type !== "row" && candidate.title === panel.title,
        );
        if (grafana === undefined) throw new Error(`${dashboard.file}: no panel "${panel.title}"`);
        const queries: QueryOutcome[] = [];
        for (const target of grafana.targets ?? []) {
          queries.push(await runQuery(prometheus, target, bundle.job, startedAt));
        }
        outcomes.push({ dashboard, panel, built: grafana, queries });
      }
    }
    return outcomes;
  }

  it(
    "fills every panel declared `default run` within 90 s, and only those",
    async () => {
      const deadline = Date.now() + patienceMs;
      let outcomes = await runAll();
      // Waits until every default-run panel has data, or the patience runs out.
      while (Date.now() < deadline) {
        if (outcomes.every((o) => o.panel.feed !== "default run" || hasData(o))) break;
        await sleep(5_000);
        outcomes = await runAll();
      }
      const elapsed = Math.round(Date.now() / 1000 - startedAt);
      const lines = outcomes.map((o) => {
        const data = o.queries.map((q) => q.series).join("/");
        const verdict = hasData(o) ? "data" : "EMPTY";
        return `${verdict.padEnd(5)} ${data.padEnd(7)} ${o.dashboard.file} / ${o.panel.title} — ${o.panel.feed}`;
      });
      console.log(`panels after ${elapsed} s of a default run:\n${lines.join("\n")}`);

      const errors = outcomes.flatMap((o) =>
        o.queries
          .filter((q) => q.error !== undefined)
          .map((q) => `${o.dashboard.file} / ${o.panel.title}: ${q.expression}: ${q.error}`),
      );
      expect(errors, "queries Prometheus rejected").toEqual([]);

      const emptyDefault = outcomes
        .filter((o) => o.panel.feed === "default run" && !hasData(o))
        .map(
          (o) =>
            `${o.dashboard.file} / ${o.panel.title}: no data from ${o.queries
              .filter((q) => q.series === 0)
              .map((q) => q.expression)
              .join(" ; ")}`,
        );
      expect(emptyDefault, "panels with no data that do not say what feeds them").toEqual([]);

      const dishonest = outcomes
        .filter((o) => o.panel.feed !== "default run" && hasData(o))
        .map((o) => `${o.dashboard.file} / ${o.panel.title}: has data yet says "${o.panel.feed}"`);
      expect(dishonest, "panels that claim a feed but fill on a default run").toEqual([]);

      // What Grafana shows on the panel's (i): the feed first, for every panel that needs one.
      const unsaid = outcomes
        .filter((o) =>
          o.panel.feed === "default run"
            ? /^(Needs|Fed by) /.test(o.built.description ?? "")
            : !(o.built.description ?? "").startsWith(o.panel.feed),
        )
        .map((o) => `${o.dashboard.file} / ${o.panel.title}: ${o.built.description}`);
      expect(unsaid, "panel descriptions that do not match their feed").toEqual([]);
      expect(bot?.exitCode, botLog).toBeNull();
    },
    patienceMs + 60_000,
  );
});
