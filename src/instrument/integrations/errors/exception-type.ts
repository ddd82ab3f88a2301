/** @module The bounded error type of an exception: JavaScript's built-in classes, else the API error types. */

import type { ExceptionType } from "../../../catalog/domains/errors.js";
import { normalizeApiErrorType } from "../../../recorder/normalizers/api-error-type.js";

const builtIn: ReadonlyMap<unknown, ExceptionType> = new Map<unknown, ExceptionType>([
  [TypeError, "type_error"],
  [RangeError, "range_error"],
  [ReferenceError, "reference_error"],
  [SyntaxError, "syntax_error"],
]);

/** `TypeError` is type_error, ...; anything else is classified as an API error (timeout, rate_limit, ..., other). */
export function exceptionTypeOf(error: unknown): ExceptionType {
  if (error !== null && typeof error === "object") {
    for (const [errorClass, type] of builtIn) {
      if (error instanceof (errorClass as new () => Error)) return type;
    }
  }
  return normalizeApiErrorType(error);
}
