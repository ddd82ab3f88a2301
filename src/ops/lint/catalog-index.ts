/** @module Builds the linter's series index from the tradewatch catalog. */
import { catalog, constLabelDefinitions, DEFAULT_NAMESPACE } from "../../catalog/index.js";
import { SeriesIndex } from "./series-index.js";

/**
 * Returns an index of every series the catalog's metrics expose under `namespace`, with
 * the constant labels (bot, environment, plane) and Prometheus's target labels allowed on
 * all of them.
 */
export function catalogSeriesIndex(namespace: string = DEFAULT_NAMESPACE): SeriesIndex {
  return new SeriesIndex(catalog, {
    namespace: namespace === "" ? "" : `${namespace.replace(/_+$/, "")}_`,
    targetLabels: constLabelDefinitions.map((label) => label.name),
  });
}
