/** @module Maps HTTP status codes to their class (`2xx`, ...), the catalog's closed set of label values. */
import { labelValues } from "../../catalog/index.js";

/** One status-class label value. */
export type StatusClass = (typeof labelValues.statusClasses)[number];

/** The status-class label values, as the catalog declares them. */
export const statusClasses: readonly StatusClass[] = labelValues.statusClasses;

/**
 * Returns `2xx` for 200-299 and so on. node:http accepts codes up to 999; the non-standard
 * 600-999 count as `5xx` (the server misbehaved), and anything below 200 as `1xx`.
 */
export function statusClass(statusCode: number): StatusClass {
  if (statusCode >= 500) return "5xx";
  if (statusCode >= 400) return "4xx";
  if (statusCode >= 300) return "3xx";
  if (statusCode >= 200) return "2xx";
  return "1xx";
}
