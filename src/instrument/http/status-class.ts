/** @module Maps HTTP status codes to their class (`2xx`, ...), a closed set of label values. */

/** The status-class label values; `aborted` marks a request whose client left before the response finished. */
export const statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx", "aborted", "other"] as const;

/** One status-class label value. */
export type StatusClass = (typeof statusClasses)[number];

const byHundred: readonly StatusClass[] = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

/** Returns `2xx` for 200-299 and so on; codes outside 100-599 are `other`. */
export function statusClass(statusCode: number): StatusClass {
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return "other";
  return byHundred[Math.floor(statusCode / 100)] ?? "other";
}
