import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apiErrorTypes,
  breakers,
  noTradeReasons,
  rejectionReasons,
} from "../../catalog/label-values.js";
import { normalizeApiErrorType } from "./api-error-type.js";
import { normalizeBreaker } from "./breaker.js";
import { normalizeNoTradeReason } from "./no-trade-reason.js";
import { normalizeRejectionReason } from "./rejection-reason.js";

const normalizers = [
  ["rejection reason", normalizeRejectionReason, rejectionReasons],
  ["API error type", normalizeApiErrorType, apiErrorTypes],
  ["no-trade reason", normalizeNoTradeReason, noTradeReasons],
  ["breaker", normalizeBreaker, breakers],
] as const;

/** Text that looks like what leaks from exchanges: keys, signatures, URLs, JSON, any Unicode. */
const messages = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc
    .tuple(fc.string(), fc.stringMatching(/^[A-Za-z0-9]{16,64}$/), fc.string())
    .map(([before, secret, after]) => `${before} apiKey=${secret}&signature=${secret} ${after}`),
  fc.json(),
);

describe("normalisers", () => {
  it.each(normalizers)("map any text to the closed %s set", (_name, normalize, values) => {
    fc.assert(
      fc.property(messages, (message) => {
        expect(values as readonly string[]).toContain(normalize(message));
      }),
      { numRuns: 500 },
    );
  });

  it.each(normalizers)(
    "map any value, errors included, to the closed %s set",
    (_name, normalize, values) => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            messages.map((message) => new Error(message)),
            fc.record({ status: fc.integer(), message: messages }),
          ),
          (value) => {
            expect(values as readonly string[]).toContain(normalize(value));
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
