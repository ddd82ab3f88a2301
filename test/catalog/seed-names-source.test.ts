import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seedMetricNames } from "./seed-metric-names.js";

/**
 * The seed documents live outside the repository, in shared/seeds beside the checkout (as on
 * the team's machines and in CI), so this test runs where they are.
 */
const seedsDirectory =
  process.env.TRADEWATCH_SEEDS ?? fileURLToPath(new URL("../../../shared/seeds", import.meta.url));

/** Snake-case identifiers the seeds quote that are label names or Docker volumes, not metrics. */
const notMetrics = new Set([
  "rejection_reason",
  "error_type",
  "at_risk",
  "model_name",
  "rule_name",
  "event_type",
  "order_type",
  "check_type",
  "from_regime",
  "to_regime",
  "switch_type",
  "prometheus_data",
  "grafana_data",
]);

const identifier = /\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g;

/** Returns the metric-like names a seed quotes: in backticks, metric constructors, PromQL and alert expressions. */
function quotedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`/g)) names.add(match[1]!);
  for (const match of text.matchAll(/(?:Gauge|Counter|Histogram|Summary)\(\s*"([a-z_0-9]+)"/g)) {
    names.add(match[1]!);
  }
  for (const block of text.matchAll(/```promql\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      if (line.trim().startsWith("#")) continue;
      for (const match of line.matchAll(
        /\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?=\s*[[{)<>=*]|\s*$)/g,
      )) {
        names.add(match[1]!);
      }
    }
  }
  for (const expression of text.matchAll(/(?:expr:\s*|"expr":\s*")(.*)/g)) {
    for (const match of expression[1]!.matchAll(identifier)) names.add(match[1]!);
  }
  return names;
}

describe.skipIf(!existsSync(seedsDirectory))(
  "the seed-name fixture against the seed documents",
  () => {
    const files = existsSync(seedsDirectory) ? readdirSync(seedsDirectory).sort() : [];

    it.each(files)(
      "%s: every metric it quotes is in the fixture, and every fixture name is in it",
      (file) => {
        const seed = file.slice(0, 3);
        const text = readFileSync(join(seedsDirectory, file), "utf8");
        const fixture = new Set(seedMetricNames[seed] ?? []);
        const unlisted = [...quotedNames(text)].filter(
          (name) =>
            !notMetrics.has(name) &&
            !fixture.has(name) &&
            !fixture.has(name.replace(/_(bucket|sum|count)$/, "")),
        );
        expect(unlisted).toEqual([]);
        expect([...fixture].filter((name) => !text.includes(name))).toEqual([]);
      },
    );
  },
);
