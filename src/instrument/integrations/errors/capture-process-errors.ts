/** @module Opt-in hook counting uncaught exceptions and unhandled rejections, and recording handled exceptions by type. */

import type { Component } from "../../../catalog/label-values.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { exceptionTypeOf } from "./exception-type.js";

/**
 * Counts a handled exception: `exceptions_total{component, error_type}` with its normalised
 * type, and `errors_total{component, severity}`.
 */
export function recordException(
  recorder: TradingRecorder,
  error: unknown,
  component: Component = "other",
  severity: "warning" | "error" | "critical" = "error",
): void {
  recorder.inc("exceptions", { component, error_type: exceptionTypeOf(error) });
  recorder.recordError(component, severity);
}

/**
 * Counts the process's uncaught exceptions and unhandled rejections
 * (`exceptions_total{component="other", error_type="uncaught_exception"|"unhandled_rejection"}`,
 * and `errors_total{severity="critical"}`) without changing what Node does with them: the
 * exception is observed through `uncaughtExceptionMonitor`, and an unhandled rejection that no
 * other listener handles is rethrown, so the process still crashes as it would have (unless
 * Node runs with `--unhandled-rejections=warn|none`). Returns the function that removes the hook.
 *
 * @example
 * const release = captureProcessErrors(recorder);
 */
export function captureProcessErrors(recorder: TradingRecorder): () => void {
  const count = (type: "uncaught_exception" | "unhandled_rejection") => {
    recorder.inc("exceptions", { component: "other", error_type: type });
    recorder.recordError("other", "critical");
  };
  let rethrown: { reason: unknown } | undefined;
  const onException = (error: unknown) => {
    if (rethrown !== undefined && rethrown.reason === error) return; // counted as a rejection
    count("uncaught_exception");
  };
  const lenient = process.execArgv.some((arg) => /^--unhandled-rejections=(warn|none)$/.test(arg));
  const onRejection = (reason: unknown) => {
    count("unhandled_rejection");
    if (!lenient && process.listenerCount("unhandledRejection") === 1) {
      rethrown = { reason };
      throw reason;
    }
  };
  process.on("uncaughtExceptionMonitor", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtExceptionMonitor", onException);
    process.off("unhandledRejection", onRejection);
  };
}
