/**
 * @module LowCacheHitRatio against the real Prometheus rule engine (`promtool test rules`):
 * `tradewatch run`'s healthy hit ratio is a steady 0.5 (each bar's feature is one miss and one
 * hit), which seed 002's fixed `< 0.8` paged on forever; the generated rule fires only when the
 * ratio drops against the same target's previous day, and not for an idle cache.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertRuleGroups } from "../../src/ops/generate/alert-rules.js";
import { runPromtool } from "../support/promtool.js";

const target = { job: defaultBundleOptions.job, instance: "127.0.0.1:9100" };
const labels = `job="${target.job}", instance="${target.instance}"`;
const hits = `tradewatch_cache_hits_total{${labels}, layer="l1"}`;
const misses = `tradewatch_cache_misses_total{${labels}}`;

/** A day (1,440 one-minute samples) at 5 hits and 5 misses a minute, then 40 minutes of `then`. */
function dayAtHalfThen(then: { hits: number; misses: number }) {
  return [
    { series: hits, values: `0+5x1440 ${7200 + then.hits}+${then.hits}x39` },
    { series: misses, values: `0+5x1440 ${7200 + then.misses}+${then.misses}x39` },
  ];
}

const steadyHalf = [
  { series: hits, values: "0+5x1480" },
  { series: misses, values: "0+5x1480" },
];

/** One promtool test: whether `alertname` is firing at `evalTime`, with its value in the summary. */
function testCase(
  name: string,
  alertname: string,
  inputSeries: readonly { series: string; values: string }[],
  evalTime: string,
  firingValue: string | undefined,
) {
  return {
    name,
    interval: "1m",
    input_series: inputSeries,
    alert_rule_test: [
      {
        eval_time: evalTime,
        alertname,
        exp_alerts:
          firingValue === undefined
            ? []
            : [
                {
                  exp_labels: { ...target, severity: "warning" },
                  ...(alertname === "LowCacheHitRatio"
                    ? {
                        exp_annotations: {
                          summary: `Cache hit ratio fell to ${firingValue} on ${target.instance}`,
                        },
                      }
                    : {}),
                },
              ],
      },
    ],
  };
}

describe("LowCacheHitRatio on the real rule engine (promtool test rules)", () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-low-cache-hit-ratio-"));
    const groups = alertRuleGroups(defaultBundleOptions) as {
      groups: { name: string; rules: { alert: string; annotations: Record<string, string> }[] }[];
    };
    const rule = groups.groups[0]!.rules.find(
      (candidate) => candidate.alert === "LowCacheHitRatio",
    );
    // Only the summary is compared: the other annotations are the generated tests' concern.
    const { summary } = rule!.annotations;
    const rules = {
      groups: [
        { name: "generated", rules: [{ ...rule, annotations: { summary } }] },
        {
          // Seed 002's rule as the bundle wrote it before, to show the false alert it raised.
          name: "seed",
          rules: [
            {
              alert: "SeedLowCacheHitRatio",
              expr: `sum by (job, instance) (rate(tradewatch_cache_hits_total[10m])) / (sum by (job, instance) (rate(tradewatch_cache_hits_total[10m])) + sum by (job, instance) (rate(tradewatch_cache_misses_total[10m]))) < 0.8`,
              for: "10m",
              labels: { severity: "warning" },
            },
          ],
        },
      ],
    };
    await writeFile(join(directory, "rules.yml"), stringify(rules));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function promtoolTest(tests: readonly unknown[]) {
    const file = join(directory, `tests-${Math.random().toString(36).slice(2)}.yml`);
    await writeFile(
      file,
      stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests }),
    );
    return await runPromtool(["test", "rules", file]);
  }

  it("stays silent on a steady 50 % hit ratio, tradewatch run's healthy workload, where seed 002's rule fires", async () => {
    const result = await promtoolTest([
      testCase("steady 0.5: no alert", "LowCacheHitRatio", steadyHalf, "24h35m", undefined),
      testCase("steady 0.5: seed 002 fires", "SeedLowCacheHitRatio", steadyHalf, "24h35m", "0.50"),
      // A bot younger than the day: its baseline is the minutes it has run.
      testCase(
        "30 minutes old at 0.5",
        "LowCacheHitRatio",
        steadyHalf.map((s) => ({ ...s, values: "0+5x30" })),
        "30m",
        undefined,
      ),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });

  it("is pending, then fires, when the ratio drops from 0.5 to 0.1 (a layer lost its hits)", async () => {
    const drop = dayAtHalfThen({ hits: 1, misses: 9 });
    const result = await promtoolTest([
      // 6 minutes into the drop the 10-minute ratio is under 0.4 but has not held for 10 minutes.
      testCase("drop: pending at +6m", "LowCacheHitRatio", drop, "24h6m", undefined),
      testCase("drop: firing at +35m", "LowCacheHitRatio", drop, "24h35m", "0.10"),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });

  it("fires on a drop even when the healthy ratio is high (0.5 is not special)", async () => {
    const high = [
      { series: hits, values: "0+9x1440 12960+2x39" },
      { series: misses, values: "0+1x1440 1448+8x39" },
    ];
    const result = await promtoolTest([
      testCase("0.9 to 0.2: firing", "LowCacheHitRatio", high, "24h35m", "0.20"),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });

  it("stays silent for an idle cache whose few lookups all miss (under one lookup a minute)", async () => {
    const idle = [
      { series: hits, values: "0+5x1440 7200+0x39" },
      { series: misses, values: "0+5x1440 7200.5+0.5x39" },
    ];
    const result = await promtoolTest([
      testCase("idle: no alert", "LowCacheHitRatio", idle, "24h35m", undefined),
    ]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });
});
