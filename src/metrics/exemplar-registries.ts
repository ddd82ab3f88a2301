/** @module Exemplars need OpenMetrics: a metric with exemplars refuses a text 0.0.4 registry. */
import { PROMETHEUS_CONTENT_TYPE } from "./content-negotiation.js";
import { MetricDefinitionError } from "./errors.js";
import { register as defaultRegistry, type Registry } from "./registry.js";

/** Throws, as prom-client does, when a metric with exemplars would register with a text 0.0.4 registry. */
export function assertExemplarRegistries(
  metric: string,
  registries: readonly Registry[] | undefined,
): void {
  for (const registry of registries ?? [defaultRegistry]) {
    if (registry.contentType === PROMETHEUS_CONTENT_TYPE) {
      throw new MetricDefinitionError(
        "ERR_INVALID_METRIC_OPTION",
        metric,
        `Exemplars are supported only on OpenMetrics registries: metric "${metric}" was registered with a registry whose content type is "${PROMETHEUS_CONTENT_TYPE}"`,
      );
    }
  }
}
