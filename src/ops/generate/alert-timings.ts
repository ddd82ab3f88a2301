/** @module How long each alert takes to fire once its condition holds, for the soak and the end-to-end test to compute each alert's deadline. */
import type { AlertSeverity } from "../../catalog/label-values.js";
import type { BundleOptions } from "../types.js";
import { type AlertRuleOptions, alertSpecs } from "./alert-rules.js";
import { durationMilliseconds, TimeScale } from "./alerts/time-scale.js";

/** One alert's timing, in seconds, at the given time scale. */
export interface AlertTiming {
  readonly alert: string;
  readonly severity: AlertSeverity;
  /** The rule's `for:` in seconds (0 when it fires at the first evaluation that sees the condition). */
  readonly forSeconds: number;
  /** Prometheus's rule evaluation interval in seconds, as {@link prometheusConfig} writes it at this scale. */
  readonly evaluationIntervalSeconds: number;
}

/**
 * Returns, for each alert of the bundle, its severity, its `for:` and the evaluation
 * interval, all scaled by `timeScale`. An alert whose condition starts holding at `t` is
 * firing in Prometheus by `t + forSeconds + 2 × evaluationIntervalSeconds` (one interval until
 * the first evaluation that sees it, one of slack for the scrape); add Alertmanager's
 * `group_wait` for the notification.
 *
 * @example
 * for (const timing of alertTimings(defaultBundleOptions, { timeScale: 1 / 60 }))
 *   deadline.set(timing.alert, timing.forSeconds + 2 * timing.evaluationIntervalSeconds + groupWaitSeconds);
 */
export function alertTimings(
  options: BundleOptions,
  ruleOptions: Pick<AlertRuleOptions, "timeScale" | "withoutPlanes"> = {},
): AlertTiming[] {
  const evaluation =
    new TimeScale(ruleOptions.timeScale ?? 1).milliseconds(options.scrapeInterval) / 1000;
  return alertSpecs(options, ruleOptions).map((spec) => ({
    alert: spec.alert,
    severity: spec.severity,
    forSeconds: durationMilliseconds(spec.for) / 1000,
    evaluationIntervalSeconds: evaluation,
  }));
}
