/** @module The recorder's rules part: constitution checks and violations. */

import type { RuleRecorder, TradingRecorder } from "../../trading-recorder.js";
import { BoundRuleRecorder } from "../bound-rule-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";

/** Records the rules domain. */
export class RulesPart implements Pick<TradingRecorder, "trackConstitutionCheck" | "bindRule"> {
  private readonly checks;
  private readonly violations;

  constructor(families: CatalogFamilies) {
    this.checks = families.get("constitution_checks");
    this.violations = families.get("constitution_violations");
  }

  trackConstitutionCheck(rule: string, passed: boolean): void {
    this.checks.handle2(rule, passed ? "pass" : "fail").inc();
    if (!passed) this.violations.handle1(rule).inc();
  }

  bindRule(rule: string): RuleRecorder {
    return new BoundRuleRecorder(
      rule,
      this.checks.handle2(rule, "pass"),
      this.checks.handle2(rule, "fail"),
      this.violations.handle1(rule),
    );
  }
}
