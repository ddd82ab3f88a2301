import ccxt from "ccxt";
import { describe, expect, it } from "vitest";
import { apiErrorTypes } from "../../catalog/label-values.js";
import { normalizeApiErrorType } from "./api-error-type.js";

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Seed 000's `_normalize_error_type`, transcribed: the first matching substring wins. */
function seed000(errorType: string): string {
  const text = errorType.toLowerCase();
  const has = (...words: string[]) => words.some((word) => text.includes(word));
  if (has("timeout")) return "timeout";
  if (has("429", "rate")) return "rate_limit";
  if (has("401", "403", "auth")) return "auth_error";
  if (has("404")) return "not_found";
  if (has("500", "502", "503")) return "server_error";
  if (has("connection", "network")) return "connection_error";
  return "other";
}

describe("normalizeApiErrorType", () => {
  it.each([
    // Seed 000 passes `type(e).__name__` or `HTTP_<status>`; these are ccxt class names.
    ["InvalidNonce", "other", "auth_error"],
    ["BadSymbol", "other", "not_found"],
    ["DDoSProtection", "other", "rate_limit"],
    ["PermissionDenied", "other", "auth_error"],
    ["ExchangeNotAvailable", "other", "server_error"],
    ["OrderNotFound", "other", "not_found"],
    ["HTTP_504", "other", "timeout"],
    ["HTTP_429 Too Many Requests: retry after timeout", "timeout", "rate_limit"],
    [
      "ConnectionError: Connection aborted, RemoteDisconnected",
      "connection_error",
      "connection_error",
    ],
  ])("%j: seed 000 says %s, ours says %s", (text, seedAnswer, ours) => {
    expect(seed000(text)).toBe(seedAnswer);
    expect(normalizeApiErrorType(text)).toBe(ours);
  });

  it.each([
    [new ccxt.RateLimitExceeded('binance {"code":-1003,"msg":"Too many requests"}'), "rate_limit"],
    [new ccxt.DDoSProtection("kraken EAPI:Rate limit exceeded"), "rate_limit"],
    [
      new ccxt.RequestTimeout(
        "binance GET https://api.binance.com/api/v3/ticker request timed out (10000 ms)",
      ),
      "timeout",
    ],
    [
      new ccxt.AuthenticationError(
        'binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions"}',
      ),
      "auth_error",
    ],
    [new ccxt.PermissionDenied("binance Permission denied for this action"), "auth_error"],
    [new ccxt.AccountSuspended("account suspended"), "auth_error"],
    [new ccxt.InvalidNonce("kraken EAPI:Invalid nonce"), "auth_error"],
    [
      new ccxt.ExchangeNotAvailable("binance GET https://api.binance.com 503 Service Unavailable"),
      "server_error",
    ],
    [new ccxt.OnMaintenance("kraken system under maintenance"), "server_error"],
    [new ccxt.NetworkError("socket hang up"), "connection_error"],
    [new ccxt.OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}'), "not_found"],
    [new ccxt.BadSymbol("binance does not have market symbol FOO/BAR"), "not_found"],
    [new ccxt.InsufficientFunds("Account has insufficient balance"), "other"],
    [new ccxt.InvalidOrder("Order would immediately match and take"), "other"],
    // Generic ExchangeError: the message decides.
    [new ccxt.ExchangeError("bybit 502 Bad Gateway"), "server_error"],
    [new ccxt.ExchangeError("something odd"), "other"],
  ])("%s is %s", (error, expected) => {
    expect(normalizeApiErrorType(error)).toBe(expected);
  });

  it.each([
    [408, "timeout"],
    [504, "timeout"],
    [418, "rate_limit"],
    [429, "rate_limit"],
    [401, "auth_error"],
    [403, "auth_error"],
    [404, "not_found"],
    [500, "server_error"],
    [502, "server_error"],
    [503, "server_error"],
    [400, "other"],
    [200, "other"],
  ])("HTTP status %d is %s", (status, expected) => {
    expect(normalizeApiErrorType(status)).toBe(expected);
    expect(normalizeApiErrorType(`HTTP_${status}`)).toBe(expected);
    expect(normalizeApiErrorType(Object.assign(new Error("failed"), { status }))).toBe(expected);
    expect(normalizeApiErrorType({ response: { status }, message: "Request failed" })).toBe(
      expected,
    );
  });

  it.each([
    // Text that matches several of seed 000's rules: the most specific wins.
    ["HTTP 429 Too Many Requests: retry after timeout", "rate_limit"],
    ["Connection timed out after 5000ms", "timeout"],
    ["Read timed out. (read timeout=10)", "timeout"],
    ["HTTPSConnectionPool: Max retries exceeded (Caused by ConnectTimeoutError)", "timeout"],
    ["401 Client Error: Unauthorized for url", "auth_error"],
    ["Signature for this request is not valid.", "auth_error"],
    ["ConnectionError: Connection aborted, RemoteDisconnected", "connection_error"],
    ["getaddrinfo ENOTFOUND api.exchange.com", "connection_error"],
    ["Internal Server Error", "server_error"],
    ["RateLimitExceeded", "rate_limit"],
    ["RequestTimeout", "timeout"],
    ["NetworkError", "connection_error"],
    ["timeout", "timeout"],
    ["something else entirely", "other"],
  ])("%j is %s", (text, expected) => {
    expect(normalizeApiErrorType(text)).toBe(expected);
  });

  it("reads Node system error codes and causes", () => {
    expect(normalizeApiErrorType(systemError("ECONNRESET", "read ECONNRESET"))).toBe(
      "connection_error",
    );
    expect(normalizeApiErrorType(systemError("ETIMEDOUT", "connect ETIMEDOUT"))).toBe("timeout");
    const fetchFailure = new TypeError("fetch failed", {
      cause: systemError("UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error"),
    });
    expect(normalizeApiErrorType(fetchFailure)).toBe("timeout");
    expect(normalizeApiErrorType(null)).toBe("other");
  });

  it("returns only one of the seven types, never text from an error full of secrets", () => {
    const secrets = [
      "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
      "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
      "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
    ];
    const errors: unknown[] = [
      new ccxt.AuthenticationError(`binance apiKey=${secrets[0]} secret=${secrets[1]}`),
      Object.assign(new Error(`GET /api/v3/order?signature=${secrets[2]}`), { status: 400 }),
      `HTTP_401 X-MBX-APIKEY: ${secrets[0]}`,
      `Authorization: Bearer ${secrets[1]}`,
      secrets.join(""),
    ];
    for (const error of errors) {
      const type = normalizeApiErrorType(error);
      expect(apiErrorTypes).toContain(type);
      for (const secret of secrets) expect(secret).not.toContain(type);
    }
  });
});
