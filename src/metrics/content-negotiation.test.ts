import { describe, expect, it } from "vitest";
import {
  negotiateExposition,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
} from "./content-negotiation.js";

describe("negotiateExposition", () => {
  it.each([
    // What Prometheus 2.x sends by default.
    [
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      "openmetrics",
    ],
    // Prometheus with the text format preferred.
    ["text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", "prometheus"],
    ["application/openmetrics-text", "openmetrics"],
    ["application/openmetrics-text; version=0.0.1", "openmetrics"],
    // A version we don't speak is not chosen.
    ["application/openmetrics-text;version=2.0.0,text/plain;q=0.1", "prometheus"],
    ["application/openmetrics-text;version=2.0.0", "prometheus"],
    // q=0 means "not acceptable".
    ["application/openmetrics-text;q=0,text/plain", "prometheus"],
    ["text/plain;q=0.2, application/openmetrics-text;q=0.9", "openmetrics"],
    ["application/json", "prometheus"],
    ["*/*", "prometheus"],
    ["", "prometheus"],
    [undefined, "prometheus"],
    ["garbage;;;=,,", "prometheus"],
  ])("answers %j with %s", (accept, format) => {
    const negotiated = negotiateExposition(accept);
    expect(negotiated.format).toBe(format);
    expect(negotiated.contentType).toBe(
      format === "openmetrics" ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE,
    );
  });
});
