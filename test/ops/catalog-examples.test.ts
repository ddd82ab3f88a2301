/** @module Every example query docs/METRICS.md shows (one per catalog metric) passes the PromQL linter. */
import { describe, expect, it } from "vitest";
import { exampleQuery } from "../../src/catalog/example-query.js";
import { catalog } from "../../src/catalog/index.js";
import { catalogSeriesIndex } from "../../src/ops/lint/catalog-index.js";
import { lintExpression } from "../../src/ops/lint/expression-linter.js";

describe("catalog example queries", () => {
  const index = catalogSeriesIndex();
  it.each(catalog.map((metric) => [metric.name, exampleQuery(metric)] as const))(
    "%s: %s",
    (_name, query) => {
      expect(lintExpression(query, index).problems).toEqual([]);
    },
  );
});
