/** @module Normalises HTTP request methods into the catalog's closed set of label values. */
import { labelValues } from "../../catalog/index.js";

/** One method label value: a standard method, or `OTHER`. */
export type HttpMethodLabel = (typeof labelValues.httpMethods)[number];

/** The method label values, as the catalog declares them. */
export const httpMethods: readonly HttpMethodLabel[] = labelValues.httpMethods;

const known: ReadonlySet<string> = new Set(httpMethods.filter((method) => method !== "OTHER"));

/** Returns the upper-cased method when the catalog lists it, else `OTHER` (`"get"` → `GET`, `"PURGE"` → `OTHER`). */
export function normalizeMethod(method: string | undefined): HttpMethodLabel {
  if (method === undefined) return "OTHER";
  const upper = method.toUpperCase();
  return known.has(upper) ? (upper as HttpMethodLabel) : "OTHER";
}
