/** @module Picks the exposition format from an HTTP Accept header, as Prometheus negotiates it. */
import type { ExpositionFormat } from "./types.js";

/** The Prometheus text format 0.0.4 content type. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
/** The OpenMetrics 1.0.0 content type. */
export const OPENMETRICS_CONTENT_TYPE =
  "application/openmetrics-text; version=1.0.0; charset=utf-8";

/** The format to render and the Content-Type header to send with it. */
export interface NegotiatedExposition {
  readonly format: ExpositionFormat;
  readonly contentType: string;
}

const prometheusText: NegotiatedExposition = Object.freeze({
  format: "prometheus",
  contentType: PROMETHEUS_CONTENT_TYPE,
});
const openMetrics: NegotiatedExposition = Object.freeze({
  format: "openmetrics",
  contentType: OPENMETRICS_CONTENT_TYPE,
});

/** Returns the format a content type names, or undefined for one we don't speak. */
export function formatOfContentType(contentType: string): ExpositionFormat | undefined {
  const [mediaType] = contentType.split(";");
  const type = mediaType?.trim().toLowerCase();
  if (type === "application/openmetrics-text") return "openmetrics";
  if (type === "text/plain") return "prometheus";
  return undefined;
}

/**
 * Returns the format for an Accept header: of the media ranges we support, the one with the
 * highest q (the earlier one on a tie); the Prometheus text format 0.0.4 when the header is
 * absent or names nothing we support, as Prometheus's content negotiation falls back.
 *
 * @example
 * negotiateExposition("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
 * // => { format: "openmetrics", contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8" }
 */
export function negotiateExposition(accept?: string | null): NegotiatedExposition {
  if (accept === undefined || accept === null || accept.trim() === "") return prometheusText;
  let best: NegotiatedExposition | undefined;
  let bestQuality = 0;
  for (const range of accept.split(",")) {
    const [mediaType = "", ...parameterTexts] = range.split(";");
    const type = mediaType.trim().toLowerCase();
    let quality = 1;
    let version: string | undefined;
    for (const parameterText of parameterTexts) {
      const separator = parameterText.indexOf("=");
      if (separator === -1) continue;
      const key = parameterText.slice(0, separator).trim().toLowerCase();
      const value = parameterText
        .slice(separator + 1)
        .trim()
        .replace(/^"|"$/g, "");
      if (key === "q") {
        const parsed = Number(value);
        quality = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      } else if (key === "version") {
        version = value;
      }
    }
    let candidate: NegotiatedExposition | undefined;
    if (type === "application/openmetrics-text") {
      if (version === undefined || version === "1.0.0" || version === "0.0.1")
        candidate = openMetrics;
    } else if (type === "text/plain" || type === "text/*" || type === "*/*") {
      if (version === undefined || version === "0.0.4") candidate = prometheusText;
    }
    if (candidate !== undefined && quality > bestQuality) {
      best = candidate;
      bestQuality = quality;
    }
  }
  return best ?? prometheusText;
}
