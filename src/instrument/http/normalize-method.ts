/** @module Normalises HTTP request methods into a closed set of label values. */

/** The method label values: the standard methods, and `other` for everything else. */
export const httpMethods = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "CONNECT",
  "TRACE",
  "other",
] as const;

/** One method label value. */
export type HttpMethodLabel = (typeof httpMethods)[number];

const known: ReadonlySet<string> = new Set(httpMethods.slice(0, -1));

/** Returns the upper-cased method when it is standard, else `other` (`"get"` → `GET`, `"PURGE"` → `other`). */
export function normalizeMethod(method: string | undefined): HttpMethodLabel {
  if (method === undefined) return "other";
  const upper = method.toUpperCase();
  return known.has(upper) ? (upper as HttpMethodLabel) : "other";
}
