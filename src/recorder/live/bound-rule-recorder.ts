/** @module The per-rule recorder: constitution checks by result and violations bound once. */

import type { RuleRecorder } from "../trading-recorder.js";
import type { HandleOf } from "./catalog-family.js";

/** Records checks of one constitution rule through handles bound once. */
export class BoundRuleRecorder implements RuleRecorder {
  readonly rule: string;
  private readonly passed: HandleOf<"counter">;
  private readonly failed: HandleOf<"counter">;
  private readonly violations: HandleOf<"counter">;

  constructor(
    rule: string,
    passed: HandleOf<"counter">,
    failed: HandleOf<"counter">,
    violations: HandleOf<"counter">,
  ) {
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
