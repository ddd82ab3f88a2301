/** @module Every catalog metric registered as a catalog family, looked up by key with its kind in the type. */

import { catalog, type MetricKey, type MetricTypeOf } from "../../catalog/catalog.js";
import { fullMetricName } from "../../catalog/namespace.js";
import type { Registry } from "../../metrics/index.js";
import type { Universes } from "../types.js";
import { CatalogFamily, type FamilyKind } from "./catalog-family.js";

/** Counters whose labels are all closed sets get every series created at zero, up to this many. */
const ZERO_SERIES_LIMIT = 64;

/** How to register the catalog. */
export interface CatalogFamiliesOptions {
  readonly registry: Registry;
  readonly namespace: string;
  readonly constLabelNames: readonly string[];
  readonly constLabelValues: readonly string[];
  readonly maxSeries: number | undefined;
  readonly universes: Universes;
  /** The scrape-time callback of a metric (e.g. uptime), if it has one. */
  readonly collect?: ((key: MetricKey) => (() => void) | undefined) | undefined;
}

/** The family type of the catalog metric with key `K`. */
export type FamilyOf<K extends MetricKey> = CatalogFamily<Extract<MetricTypeOf<K>, FamilyKind>>;

/**
 * The whole catalog registered in one registry: creating it registers every metric (counters
 * of closed label sets with all their series at zero). Each domain part of the recorder
 * takes the families it records into from here.
 */
export class CatalogFamilies {
  private readonly byKey = new Map<string, CatalogFamily>();

  constructor(options: CatalogFamiliesOptions) {
    for (const definition of catalog) {
      const family = new CatalogFamily(definition, {
        registry: options.registry,
        fullName: fullMetricName(definition.name, options.namespace),
        constLabelNames: options.constLabelNames,
        constLabelValues: options.constLabelValues,
        maxSeries: options.maxSeries,
        universes: options.universes,
        collect: options.collect?.(definition.key),
      });
      if (definition.type === "counter") family.zeroClosedSeries(ZERO_SERIES_LIMIT);
      this.byKey.set(definition.key, family);
    }
  }

  /** Returns the family of a catalog key, typed by the metric's kind. */
  get<K extends MetricKey>(key: K): FamilyOf<K> {
    return this.byKey.get(key) as FamilyOf<K>;
  }

  /** Returns the family of a key given at run time (the generic API), or undefined. */
  find(key: string): CatalogFamily | undefined {
    return this.byKey.get(key);
  }
}
