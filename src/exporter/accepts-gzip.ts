/** @module Reads an Accept-Encoding header: does the client take gzip? */

/**
 * Returns true when `gzip` (or `*`) is listed with a non-zero quality and not excluded by
 * `gzip;q=0` (RFC 9110 §12.5.3).
 *
 * @example
 * acceptsGzip("gzip, deflate, br"); // true
 * acceptsGzip("*;q=0.5, gzip;q=0"); // false
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let gzip: number | undefined;
  let wildcard: number | undefined;
  for (const item of header.split(",")) {
    const [coding = "", ...parameters] = item.split(";");
    const name = coding.trim().toLowerCase();
    let quality = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.split("=");
      if (key?.trim().toLowerCase() === "q" && value !== undefined) {
        const parsed = Number(value.trim());
        quality = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    if (name === "gzip" || name === "x-gzip") gzip = quality;
    else if (name === "*") wildcard = quality;
  }
  return (gzip ?? wildcard ?? 0) > 0;
}
