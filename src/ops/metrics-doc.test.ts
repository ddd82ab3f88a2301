import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { seedMetricNames } from "../../test/catalog/seed-metric-names.js";
import { catalog } from "../catalog/catalog.js";
import { exampleQuery } from "../catalog/example-query.js";
import { fullMetricName } from "../catalog/namespace.js";
import { catalogSeriesIndex } from "./lint/catalog-index.js";
import { lintExpression } from "./lint/expression-linter.js";
import { METRICS_DOC_PATH, renderMetricsDoc } from "./metrics-doc.js";

const root = new URL("../../", import.meta.url);

describe("docs/METRICS.md", () => {
  const generated = renderMetricsDoc();

  it("is what the catalog generates (run `npx tsx src/ops/metrics-doc.ts` after a catalog change)", async () => {
    const onDisk = await readFile(new URL(METRICS_DOC_PATH, root), "utf8");
    expect(onDisk === generated, "docs/METRICS.md drifted from the catalog").toBe(true);
  });

  it("documents every catalog metric with its type and example query", () => {
    for (const metric of catalog) {
      const name = fullMetricName(metric);
      expect(generated, name).toContain(
        `### \`${name}\`\n\n${metric.help}\n\n- Type: ${metric.type}`,
      );
      expect(generated, name).toContain(`\`\`\`promql\n${exampleQuery(metric)}\n\`\`\``);
    }
  });

  it("maps every metric name of every seed in its table", () => {
    for (const [seed, names] of Object.entries(seedMetricNames)) {
      for (const name of names)
        expect(generated, `${seed} ${name}`).toContain(`| ${seed} | \`${name}\` |`);
    }
  });

  it("gives only example queries that parse and pass the catalog linter", () => {
    const index = catalogSeriesIndex();
    const failures = catalog.flatMap((metric) => {
      const query = exampleQuery(metric);
      return lintExpression(query, index).problems.map(
        (problem) => `${query}: ${problem.code} ${problem.message}`,
      );
    });
    expect(failures).toEqual([]);
  });

  it("renders names under another namespace", () => {
    const doc = renderMetricsDoc("trader");
    expect(doc).toContain("### `trader_cycles_total`");
    expect(doc).not.toContain("tradewatch_cycles_total");
  });
});
