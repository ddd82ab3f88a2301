/** @module Catalog: exceptions by component and normalised type, uncaught exceptions and unhandled rejections included (seed 004 phase 5). */

import { apiErrorTypes, components } from "../label-values.js";
import type { MetricDefinition } from "../types.js";

/** Error types of `exceptions_total`: the process hook's two, JavaScript's built-in classes, and the API error types. */
export const exceptionTypes = [
  "uncaught_exception",
  "unhandled_rejection",
  "type_error",
  "range_error",
  "reference_error",
  "syntax_error",
  ...apiErrorTypes,
] as const;
export type ExceptionType = (typeof exceptionTypes)[number];

export const errorsMetrics = [
  {
    key: "exceptions",
    name: "exceptions_total",
    help: "Exceptions by component and normalised error type; uncaught exceptions and unhandled rejections from the opt-in process hook.",
    type: "counter",
    labels: [
      {
        name: "component",
        help: "Where the exception arose.",
        bound: { kind: "enum", values: components },
      },
      {
        name: "error_type",
        help: "Normalised error type.",
        bound: { kind: "enum", values: exceptionTypes },
      },
    ],
    domain: "errors",
    seedNames: [
      {
        seed: "004",
        name: "exceptions_total",
        note: "Bounded `error_type` (the seed's `type` is the class name, unbounded).",
      },
    ],
    example: "sum by (error_type) (increase({name}[1h]))",
  },
] as const satisfies readonly MetricDefinition[];
