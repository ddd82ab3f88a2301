/** @module The file linter on the seeds' own rule files and dashboard, on broken files in our names, and through `tradewatch ops lint`. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ops } from "../../src/cli/commands/ops.js";
import { catalogSeriesIndex } from "../../src/ops/lint/catalog-index.js";
import { lintDashboard, lintRuleFile } from "../../src/ops/lint/lint-files.js";
import { SeriesIndex } from "../../src/ops/lint/series-index.js";
import { seed000, seed002, seed003 } from "./fixtures/seed-catalogs.js";

const fixtures = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => readFile(join(fixtures, name), "utf8");

describe("lintRuleFile on the seeds' alert rules", () => {
  it("seed 002: severity sits in the annotations, where Alertmanager cannot route on it", async () => {
    const findings = lintRuleFile(
      "seed-002-alerts.yml",
      await fixture("seed-002-alerts.yml"),
      new SeriesIndex(seed002),
    );
    const severity = findings.filter((finding) => finding.code === "missing-severity");
    expect(severity.map((finding) => finding.location)).toEqual([
      'group "trading_alerts" alert "KillSwitchActivated"',
      'group "trading_alerts" alert "HighAICost"',
      'group "trading_alerts" alert "LowCacheHitRate"',
      'group "trading_alerts" alert "DatabaseDisconnected"',
      'group "trading_alerts" alert "LargeDrawdown"',
    ]);
    expect(severity[0]?.message).toMatch(/severity "critical" in its annotations, not its labels/);
  });

  it("seed 000: ExcessiveNoTrade never pairs a series; no alert has a description or runbook", async () => {
    const findings = lintRuleFile(
      "seed-000-alerts.yml",
      await fixture("seed-000-alerts.yml"),
      new SeriesIndex(seed000),
    );
    const byCode = (code: string) => findings.filter((finding) => finding.code === code);
    expect(byCode("vector-matching-mismatch").map((finding) => finding.location)).toEqual([
      'group "247trader_critical" alert "ExcessiveNoTrade"',
    ]);
    expect(byCode("missing-runbook")).toHaveLength(5);
    expect(byCode("missing-severity")).toEqual([]);
    expect(byCode("unknown-template-label")).toEqual([]);
  });

  it("seed 003: its alerts only lack descriptions and runbooks", async () => {
    const findings = lintRuleFile(
      "seed-003-alerts.yml",
      await fixture("seed-003-alerts.yml"),
      new SeriesIndex(seed003),
    );
    expect([...new Set(findings.map((finding) => finding.code))].sort()).toEqual([
      "missing-annotation",
      "missing-runbook",
    ]);
  });
});

describe("lintRuleFile and lintDashboard in our names", () => {
  it("rejects a rate over a gauge, an unknown severity and an annotation label the expression drops", () => {
    const rules = [
      "groups:",
      "  - name: broken",
      "    rules:",
      "      - record: tradewatch:exposure:rate5m",
      "        expr: rate(tradewatch_portfolio_exposure_ratio[5m])",
      "      - alert: RejectionsBySymbol",
      "        expr: sum by (reason) (rate(tradewatch_orders_rejected_total[5m])) > 1",
      "        labels: { severity: page }",
      "        annotations:",
      "          summary: 'Rejections on {{ $labels.symbol }}'",
      "          description: d",
      "          runbook_url: r",
    ].join("\n");
    const findings = lintRuleFile("broken.yml", rules, catalogSeriesIndex());
    expect(findings.map((finding) => finding.code)).toEqual([
      "rate-on-gauge",
      "unknown-severity",
      "unknown-template-label",
    ]);
    expect(findings[2]?.message).toMatch(
      /\$labels\.symbol, which the expression does not yield \(its labels: reason\)/,
    );
  });

  it("knows a recorded p95 is capped by its histogram's highest bucket (300 s for cycles)", () => {
    const rules = [
      "groups:",
      "  - name: slow",
      "    rules:",
      "      - record: tradewatch:cycle_duration_seconds:p95_5m",
      "        expr: histogram_quantile(0.95, sum by (job, instance, le) (rate(tradewatch_cycle_duration_seconds_bucket[5m])))",
      "      - alert: CyclesOverTenMinutes",
      "        expr: tradewatch:cycle_duration_seconds:p95_5m > 600",
      "        labels: { severity: warning }",
      "        annotations: { summary: s, description: d, runbook_url: r }",
    ].join("\n");
    const findings = lintRuleFile("slow.yml", rules, catalogSeriesIndex());
    expect(findings.map((finding) => [finding.location, finding.code])).toEqual([
      ['group "slow" alert "CyclesOverTenMinutes"', "quantile-beyond-buckets"],
    ]);
  });

  it("checks queries in collapsed rows, legend labels, and recorded series from rule files", () => {
    const index = catalogSeriesIndex();
    lintRuleFile(
      "recording.yml",
      "groups:\n  - name: r\n    rules:\n      - record: tradewatch:orders_rejected:rate5m\n        expr: sum by (job, instance, reason) (rate(tradewatch_orders_rejected_total[5m]))\n",
      index,
    );
    const dashboard = {
      title: "Broken",
      panels: [
        {
          type: "row",
          title: "Collapsed",
          panels: [
            {
              title: "Rejections",
              targets: [
                {
                  refId: "A",
                  expr: "sum by (reason) (tradewatch:orders_rejected:rate5m)",
                  legendFormat: "{{symbol}}",
                },
                { refId: "B", expr: 'tradewatch_circuit_breaker_open{breaker="api_healthy"}' },
              ],
            },
          ],
        },
      ],
    };
    const findings = lintDashboard("broken.json", JSON.stringify(dashboard), index);
    expect(findings.map((finding) => [finding.location, finding.code])).toEqual([
      ['dashboard "Broken" panel "Rejections" query A', "unknown-legend-label"],
      ['dashboard "Broken" panel "Rejections" query B', "unknown-label-value"],
    ]);
  });

  it("rejects every seed 000 dashboard query against our catalog, whose names differ", async () => {
    const findings = lintDashboard(
      "seed-000-dashboard.json",
      await fixture("seed-000-dashboard.json"),
      catalogSeriesIndex(),
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((finding) => finding.code))).toEqual(new Set(["unknown-metric"]));
    expect(findings[0]?.message).toMatch(
      /^Unknown metric "trader_exposure_pct": not in the catalog/,
    );
  });
});

describe("tradewatch ops", () => {
  let directory: string;
  let output: string[];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-ops-cli-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  const capture = () => {
    output = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void output.push(line));
  };

  it("lint exits 1 on the seed's rules and prints why", async () => {
    capture();
    const code = await ops(["lint", join(fixtures, "seed-002-alerts.yml")]);
    expect(code).toBe(1);
    expect(output.join("\n")).toMatch(/Unknown metric "kill_switch_status"/);
    expect(output.at(-1)).toMatch(/finding\(s\) in 1 file\(s\)\./);
  });

  it("lint exits 0 on deploy/", async () => {
    capture();
    expect(await ops(["lint", join(import.meta.dirname, "..", "..", "deploy")])).toBe(0);
    expect(output.at(-1)).toBe("0 finding(s) in 13 file(s).");
  });

  it("generate writes the bundle and docs/METRICS.md; --check finds them current, then stale after an edit", async () => {
    capture();
    const out = ["--out", join(directory, "deploy"), "--root", directory];
    expect(await ops(["generate", ...out])).toBe(0);
    expect(await readFile(join(directory, "docs", "METRICS.md"), "utf8")).toMatch(
      /tradewatch_cycles_total/,
    );
    expect(await ops(["generate", "--check", ...out])).toBe(0);
    await writeFile(join(directory, "deploy", "prometheus", "prometheus.yml"), "global: {}\n");
    expect(await ops(["generate", "--check", ...out])).toBe(1);
    expect(output.join("\n")).toMatch(/prometheus\/prometheus\.yml/);
  });
});
