/** @module The alert rules: every alert the seeds name, corrected, and the ones that watch the monitoring itself, each with the promtool cases that prove it; optionally with every duration scaled by one factor. */
import { addLabelMatcher } from "../promql/add-label-matcher.js";
import type { BundleOptions } from "../types.js";
import { type AlertSpec, alertContext } from "./alerts/alert-spec.js";
import { integrationAlerts } from "./alerts/integration-alerts.js";
import { monitoringAlerts, planeAlerts } from "./alerts/monitoring-alerts.js";
import { riskAlerts } from "./alerts/risk-alerts.js";
import { TimeScale } from "./alerts/time-scale.js";
import { tradingAlerts } from "./alerts/trading-alerts.js";

/** Options of {@link alertSpecs} and {@link alertRuleGroups}. */
export interface AlertRuleOptions {
  /**
   * Multiplies every duration of the rules by one factor: each `for:`, each range selector
   * and each threshold in seconds (`time() - x > 300`). `1/60` turns a minute into a second,
   * for the end-to-end test and the soak, which scale the bot's fault durations and
   * Prometheus's intervals ({@link prometheusConfig}) by the same factor. Counts, ratios and
   * rates are not scaled. Durations round to whole milliseconds, at least 1 ms. Default 1.
   */
  readonly timeScale?: number | undefined;
  /**
   * Older form: multiplies only each `for:` (rounded up to whole seconds, at least 1 s when
   * not zero), leaving windows and thresholds as they are. Ignored when `timeScale` is given.
   *
   * @deprecated Use `timeScale`, which scales windows and thresholds with it.
   */
  readonly forScale?: number | undefined;
  /** Leaves out the planes' alert, as {@link prometheusConfig}'s `withoutPlanes` leaves out their job. */
  readonly withoutPlanes?: boolean | undefined;
}

/** Returns the alert specifications for this namespace and bot job, durations scaled by `timeScale`. */
export function alertSpecs(
  options: Pick<BundleOptions, "namespace" | "job" | "planeTargets">,
  ruleOptions: Pick<AlertRuleOptions, "timeScale" | "withoutPlanes"> = {},
): AlertSpec[] {
  const context = alertContext(options, new TimeScale(ruleOptions.timeScale ?? 1));
  const specs = [
    ...tradingAlerts(context),
    ...riskAlerts(context),
    ...integrationAlerts(context),
    ...(ruleOptions.withoutPlanes ? [] : planeAlerts(context)),
    ...monitoringAlerts(context),
  ];
  // The per-plane endpoints re-export the bot's series under another job: alert once, on the bot's.
  return specs.map((spec) =>
    spec.botSeries ? { ...spec, expr: addLabelMatcher(spec.expr, "job", "=", options.job) } : spec,
  );
}

/** Parses `1m30s`-style durations into seconds (the legacy `forScale` rounds on whole seconds). */
function wholeSeconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  let total = 0;
  for (const match of duration.matchAll(/(\d+)([smhd])(?!s)/g))
    total += Number(match[1]) * units[match[2]!]!;
  return total;
}

/** Returns the `for:` value to write: none when the alert fires at once. */
function forValue(spec: AlertSpec, ruleOptions: AlertRuleOptions): string | undefined {
  const legacy = ruleOptions.forScale;
  if (ruleOptions.timeScale === undefined && legacy !== undefined && legacy !== 1) {
    const seconds = Math.ceil(wholeSeconds(spec.for) * legacy);
    return seconds > 0 ? `${seconds}s` : undefined;
  }
  return /^0+(ms|s|m|h)?$/.test(spec.for) ? undefined : spec.for;
}

/** Returns the rule file object (`groups`) holding every alert. */
export function alertRuleGroups(
  options: BundleOptions,
  ruleOptions: AlertRuleOptions = {},
): Record<string, unknown> {
  return {
    groups: [
      {
        name: "tradewatch-alerts",
        rules: alertSpecs(options, ruleOptions).map((spec) => {
          const duration = forValue(spec, ruleOptions);
          return {
            alert: spec.alert,
            expr: spec.expr,
            ...(duration === undefined ? {} : { for: duration }),
            labels: { severity: spec.severity },
            annotations: {
              summary: spec.summary,
              description: spec.description,
              runbook: spec.runbook.map((step, index) => `${index + 1}. ${step}`).join("\n"),
              runbook_url: `${options.runbookBaseUrl}#${spec.alert.toLowerCase()}`,
            },
          };
        }),
      },
    ],
  };
}
