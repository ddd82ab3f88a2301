/** @module Normalises HTTP methods and status codes into the catalog's closed label sets. */

import { type HttpMethod, httpMethods, type StatusClass } from "../../catalog/label-values.js";

const methods = new Set<string>(httpMethods);

/** Returns the method in upper case when it is a known one, else `OTHER`. */
export function normalizeHttpMethod(method: unknown): HttpMethod {
  if (typeof method !== "string") return "OTHER";
  const upper = method.toUpperCase();
  return methods.has(upper) ? (upper as HttpMethod) : "OTHER";
}

const classes: readonly StatusClass[] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/**
 * Returns the status class of a status code; a code outside 100-599 (a response that never
 * got a valid status) counts as `5xx`.
 */
export function statusClassOf(status: number): StatusClass {
  const hundreds = Math.floor(status / 100);
  return classes[hundreds - 1] ?? "5xx";
}
