/** @module The recorder's generic API: `inc`, `set`, `observe` and `startTimer` by catalog key and labels by name. */

import type { GaugeKey, HistogramKey } from "../../../catalog/catalog.js";
import type { MetricType } from "../../../catalog/types.js";
import { TradewatchError } from "../../../errors.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { GenericLabels } from "../../types.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { CatalogFamily, FamilyKind } from "../catalog-family.js";

/** Records by catalog key, checking at run time that the key exists and has the method's kind. */
export class GenericPart
  implements Pick<TradingRecorder, "inc" | "set" | "observe" | "startTimer">
{
  private readonly families: CatalogFamilies;

  constructor(families: CatalogFamilies) {
    this.families = families;
  }

  inc(key: string, valueOrLabels?: number | GenericLabels, labels?: GenericLabels): void {
    const family = this.family<"counter" | "gauge">(key, ["counter", "gauge"]);
    if (typeof valueOrLabels === "number") {
      family.handleOf(withoutAggregated(family, labels)).inc(valueOrLabels);
    } else family.handleOf(withoutAggregated(family, valueOrLabels)).inc(1);
  }

  set(key: GaugeKey, value: number, labels?: GenericLabels): void {
    const family = this.family<"gauge">(key, ["gauge"]);
    family.handleOf(withoutAggregated(family, labels)).set(value);
  }

  observe(key: HistogramKey, value: number, labels?: GenericLabels): void {
    const family = this.family<"histogram">(key, ["histogram"]);
    family.handleOf(withoutAggregated(family, labels)).observe(value);
  }

  startTimer(key: HistogramKey, labels?: GenericLabels): () => number {
    const family = this.family<"histogram">(key, ["histogram"]);
    const handle = family.handleOf(withoutAggregated(family, labels));
    const start = performance.now();
    return () => {
      const seconds = (performance.now() - start) / 1000;
      handle.observe(seconds);
      return seconds;
    };
  }

  /** Returns the family of `key`, which must be of one of `kinds`. */
  private family<K extends FamilyKind>(key: string, kinds: readonly K[]): CatalogFamily<K> {
    const family = this.families.find(key);
    if (family === undefined) {
      throw new TradewatchError("ERR_METRIC_NOT_FOUND", `Unknown catalog metric key "${key}"`);
    }
    const type: MetricType = family.definition.type;
    if (!(kinds as readonly string[]).includes(type)) {
      const verb = kinds.includes("histogram" as K)
        ? "observe"
        : kinds.length === 1
          ? "set"
          : "inc";
      throw new TradewatchError(
        "ERR_METRIC_TYPE_MISMATCH",
        `Metric "${key}" is a ${type}: cannot ${verb} it`,
      );
    }
    return family as unknown as CatalogFamily<K>;
  }
}

/** `labels` without those the metric's catalog entry aggregates away (a seed's extra labels). */
function withoutAggregated(
  family: CatalogFamily<FamilyKind>,
  labels: GenericLabels | undefined,
): GenericLabels | undefined {
  const aggregated = family.definition.aggregatedLabels;
  if (aggregated === undefined || labels === undefined) return labels;
  const kept: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!aggregated.includes(name)) kept[name] = value;
  }
  return kept;
}
