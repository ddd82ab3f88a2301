/** @module The per-rule recorder: constitution checks by result and violations bound once. */

import type { RuleRecorder } from "../trading-recorder.js";
import type { SeriesHandle } from "./catalog-metric.js";

/** Records checks of one constitution rule through handles bound once. */
export class BoundRuleRecorder implements RuleRecorder {
  readonly rule: string;
  private readonly passed: SeriesHandle;
  private readonly failed: SeriesHandle;
  private readonly violations: SeriesHandle;

  constructor(rule: string, passed: SeriesHandle, failed: SeriesHandle, violations: SeriesHandle) {
    this.rule = rule;
    this.passed = passed;
    this.failed = failed;
    this.violations = violations;
  }

  check(passed: boolean): void {
    if (passed) this.passed.inc();
    else {
      this.failed.inc();
      this.violations.inc();
    }
  }
}
