/** @module Generates docs/METRICS.md from the catalog, and writes or checks it on disk. */

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { catalog, catalogDomains } from "../catalog/catalog.js";
import { exampleQuery } from "../catalog/example-query.js";
import { constLabelDefinitions } from "../catalog/labels.js";
import { DEFAULT_NAMESPACE, fullMetricName } from "../catalog/namespace.js";
import type { LabelDefinition, MetricDefinition } from "../catalog/types.js";
import { unmappedSeedNames } from "../catalog/unmapped-seed-names.js";

/** Where the metrics reference lives, relative to the repository root. */
export const METRICS_DOC_PATH = "docs/METRICS.md";

const domainTitles: Readonly<Record<string, string>> = {
  cycle: "Trading cycle",
  portfolio: "Portfolio",
  execution: "Execution",
  risk: "Risk",
  "exchange-api": "Exchange API",
  data: "Data plane",
  strategy: "Strategy plane",
  ai: "AI agent",
  cache: "Feature store and caches",
  rules: "Constitution rules",
  system: "System",
  http: "HTTP API",
  performance: "Performance statistics",
};

const seedTitles: Readonly<Record<string, string>> = {
  "000": "247trader comprehensive metrics",
  "001": "247trader Grafana/Prometheus integration",
  "002": "AI trading system metrics",
  "003": "algo-trade three-plane monitoring",
  "004": "metrics and observability pipeline plan",
};

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(text: string): string {
  return `\`${text}\``;
}

function describeBound(label: LabelDefinition): string {
  const { bound } = label;
  switch (bound.kind) {
    case "enum":
      return bound.values.map(code).join(", ");
    case "normalizer":
      return `normalised (${bound.normalizer}) into ${bound.values.map(code).join(", ")}`;
    case "universe":
      return `configured ${code(bound.universe)} universe (e.g. ${bound.examples.map(code).join(", ")}), others ${code("other")}, capped by maxSeries`;
  }
}

function renderMetric(metric: MetricDefinition, namespace: string): string {
  const name = fullMetricName(metric, namespace);
  const lines = [
    `### ${code(name)}`,
    "",
    metric.help,
    "",
    `- Type: ${metric.type}${metric.unit === undefined ? "" : `; unit: ${metric.unit}`}; recorder key: ${code(metric.key)}`,
  ];
  if (metric.labels.length === 0) lines.push("- Labels: none besides the constant labels");
  else {
    lines.push("- Labels:");
    for (const label of metric.labels) {
      lines.push(`  - ${code(label.name)}: ${label.help} Values: ${describeBound(label)}.`);
    }
  }
  if (metric.buckets !== undefined) {
    lines.push(`- Buckets: ${metric.buckets.join(", ")}`);
  }
  if (metric.seedNames.length > 0) {
    lines.push(
      `- Seed names: ${metric.seedNames.map((seed) => `${code(seed.name)} (${seed.seed})`).join(", ")}`,
    );
  }
  lines.push("", "```promql", exampleQuery(metric, namespace), "```", "");
  return lines.join("\n");
}

function renderSeedTable(namespace: string): string {
  const rows: { seed: string; name: string; ours: string; note: string }[] = [];
  for (const metric of catalog as readonly MetricDefinition[]) {
    for (const seed of metric.seedNames) {
      rows.push({
        seed: seed.seed,
        name: seed.name,
        ours: code(fullMetricName(metric, namespace)),
        note: seed.note ?? "Same meaning; namespace prefix and catalog naming.",
      });
    }
  }
  for (const seed of unmappedSeedNames) {
    rows.push({
      seed: seed.seed,
      name: seed.name,
      ours: "none",
      note: `${seed.reason}${seed.instead === undefined ? "" : ` Use ${code(seed.instead)}.`}`,
    });
  }
  rows.sort((a, b) => a.seed.localeCompare(b.seed) || a.name.localeCompare(b.name));
  return [
    "| Seed | Seed name | Ours | Why it differs |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.seed} | ${code(row.name)} | ${row.ours} | ${cell(row.note)} |`),
  ].join("\n");
}

/**
 * Returns docs/METRICS.md for a namespace: the naming rules, the constant labels, every
 * catalog metric by domain (type, unit, labels with their value sets, buckets, help, an
 * example query) and the table mapping every seed metric name to ours.
 */
export function renderMetricsDoc(namespace: string = DEFAULT_NAMESPACE): string {
  const metrics = catalog as readonly MetricDefinition[];
  const prefix = namespace === "" ? "" : `${namespace}_`;
  const sections = catalogDomains.map((domain) => {
    const inDomain = metrics.filter((metric) => metric.domain === domain);
    return [
      `## ${domainTitles[domain] ?? domain}`,
      "",
      ...inDomain.map((metric) => renderMetric(metric, namespace)),
    ].join("\n");
  });
  const seedList = Object.entries(seedTitles)
    .map(([seed, title]) => `${seed} (${title})`)
    .join(", ");
  return `<!-- Generated from src/catalog by src/ops/metrics-doc.ts. Do not edit: run \`npx tsx src/ops/metrics-doc.ts\`. -->
# Metrics

Every metric tradewatch records, generated from the catalog (\`src/catalog\`). ${metrics.length} metrics in ${catalogDomains.length} domains; names below use the default namespace.

## Naming

- Every name starts with the namespace, \`${prefix}\` by default (\`namespace\` option; \`""\` for none). One prefix keeps our series apart from other libraries' in the same registry (\`process_\`, \`nodejs_\`, another middleware's \`http_\`), selects all of them with \`{__name__=~"${prefix}.*"}\`, and replaces the seeds' unrelated prefixes (\`trader_\`, \`exchange_\`, \`orders_\`, \`agent_\`, \`strategy_\`).
- Base units, named as the last word (before \`_total\`): \`_seconds\`, \`_bytes\`, \`_ratio\` (0-1, never percent), \`_usd\` for money.
- \`_total\` on counters and only on counters.
- Every timing is a histogram, never a summary, so quantiles aggregate across labels and bots: \`histogram_quantile(0.95, sum by (le) (rate(name_bucket[5m])))\`.
- Every label is bounded: a closed list of values, a normaliser into a closed list, or a configured universe (symbols, strategies, endpoints...) whose other values are recorded as \`other\` and which the core's \`maxSeries\` caps.
- States are gauges with one series per state (1 on the active one) or 0/1, named for what 1 means (\`circuit_breaker_open\`, \`kill_switch_active\`).

## Recording

\`\`\`ts
import { createRecorder } from "tradewatch/recorder";

const recorder = createRecorder({
  enabled: process.env.METRICS_ENABLED !== "false", // false: same methods, no-ops
  namespace: "${namespace}",
  constLabels: { bot: "paper-btc", environment: "paper", plane: "all" },
  symbols: ["BTC/USDT", "ETH/USDT"], // other symbols are recorded as "other"
  universes: { strategy: ["momentum"], endpoint: ["fetch_ticker", "create_order"] },
});
recorder.recordOrderPlaced("BTC/USDT", "buy", 250);
recorder.recordOrderRejection(error); // normalised: one of nine reasons
await recorder.trackApiCall("fetch_ticker", () => exchange.fetchTicker("BTC/USDT"));
recorder.inc("ticks_received", { source: "ccxt_binance", symbol: "BTC/USDT" }); // by recorder key
const btc = recorder.bindSymbol("BTC/USDT", "ccxt_binance"); // per-tick hot path, pre-bound
btc.tick(0.012);
const text = await recorder.registry.metrics();
\`\`\`

Each metric below names its recorder key (for \`inc\`, \`set\`, \`observe\`). The HTTP middleware records into the recorder's HTTP series with \`new HttpMetrics({ metrics: recorder.httpMetricSet() })\`.

## Constant labels

Set once per process (\`constLabels\` option), each optional, on every series the recorder writes.

| Label | Meaning | Values |
| --- | --- | --- |
${constLabelDefinitions.map((label) => `| ${code(label.name)} | ${cell(label.help)} | ${label.bound.kind === "universe" ? "any name, sanitised to `[A-Za-z0-9_./:-]`, 64 characters at most" : cell(describeBound(label))} |`).join("\n")}

${sections.join("\n")}
## Seed metric names

Every metric name the seed systems write (${seedList}), and ours. Seed 003's short names (\`ticks_received\`, \`data_freshness\`, \`completeness_score\`) are recorder keys: \`recorder.inc("ticks_received", { source, symbol })\`.

${renderSeedTable(namespace)}
`;
}

/** Writes docs/METRICS.md under the repository root and returns its path. */
export async function writeMetricsDoc(
  rootDirectory: string,
  namespace: string = DEFAULT_NAMESPACE,
): Promise<string> {
  const path = join(rootDirectory, METRICS_DOC_PATH);
  await writeFile(path, renderMetricsDoc(namespace));
  return path;
}

/** Returns true when docs/METRICS.md under the root is what the catalog generates. */
export async function isMetricsDocCurrent(rootDirectory: string): Promise<boolean> {
  const current = await readFile(join(rootDirectory, METRICS_DOC_PATH), "utf8").catch(() => "");
  return current === renderMetricsDoc();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = await writeMetricsDoc(process.cwd());
  process.stdout.write(`Wrote ${path}\n`);
}
