import { describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../bundle-options.js";
import { alertRuleGroups } from "./alert-rules.js";
import { renderAnnotation } from "./rule-tests.js";

describe("renderAnnotation", () => {
  it("renders labels and printf-formatted values the way Prometheus does", () => {
    expect(
      renderAnnotation(
        '{{ $value | printf "%.2f" }} on {{ $labels.instance }} ({{ $value }})',
        { instance: "a:1" },
        0.5,
      ),
    ).toBe("0.50 on a:1 (0.5)");
  });

  it("refuses templates it cannot render, so no annotation goes untested", () => {
    expect(() => renderAnnotation("{{ humanize $value }}", {}, 1)).toThrow(/not supported/);
  });
});

describe("alertRuleGroups forScale", () => {
  const forOf = (scale?: number) => {
    const { groups } = alertRuleGroups(
      defaultBundleOptions,
      scale === undefined ? {} : { forScale: scale },
    ) as {
      groups: { rules: { alert: string; for?: string }[] }[];
    };
    return Object.fromEntries(groups[0]!.rules.map((rule) => [rule.alert, rule.for]));
  };

  it("keeps the specified durations, and omits for: on alerts that fire at once", () => {
    const durations = forOf();
    expect(durations.CircuitBreakerTripped).toBe("1m");
    expect(durations.SlowCycles).toBe("15m");
    expect(durations.KillSwitchActive).toBeUndefined();
  });

  it("turns minutes into seconds at 1/60 for the end-to-end test", () => {
    const durations = forOf(1 / 60);
    expect(durations.CircuitBreakerTripped).toBe("1s");
    expect(durations.SlowCycles).toBe("15s");
    expect(durations.KillSwitchActive).toBeUndefined();
  });
});
