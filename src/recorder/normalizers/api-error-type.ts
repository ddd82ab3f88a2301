/** @module Normalises an exchange API failure into seed 000's seven API error types. */

import { type ApiErrorType, apiErrorTypes } from "../../catalog/label-values.js";
import { type ClassifierRule, scoredClassifier } from "./scored-classifier.js";

/**
 * ccxt's error classes (and the usual Node/HTTP client ones) by name. The most derived known
 * class decides: `RateLimitExceeded` extends `DDoSProtection` extends `NetworkError`, and is a
 * rate limit, not a connection error. `null` marks generic classes whose status or message
 * decides instead.
 */
const errorClasses: ReadonlyMap<string, ApiErrorType | null> = new Map<string, ApiErrorType | null>(
  [
    ["RequestTimeout", "timeout"],
    ["TimeoutError", "timeout"],
    ["AbortError", "timeout"],
    ["ConnectTimeoutError", "timeout"],
    ["HeadersTimeoutError", "timeout"],
    ["BodyTimeoutError", "timeout"],
    ["ReadTimeout", "timeout"],
    ["ConnectTimeout", "timeout"],
    ["RateLimitExceeded", "rate_limit"],
    ["DDoSProtection", "rate_limit"],
    ["AuthenticationError", "auth_error"],
    ["PermissionDenied", "auth_error"],
    ["AccountNotEnabled", "auth_error"],
    ["AccountSuspended", "auth_error"],
    ["InvalidNonce", "auth_error"],
    ["OrderNotFound", "not_found"],
    ["OrderNotCached", "not_found"],
    ["BadSymbol", "not_found"],
    ["ExchangeNotAvailable", "server_error"],
    ["OnMaintenance", "server_error"],
    ["NetworkError", "connection_error"],
    ["ConnectionError", "connection_error"],
    ["FetchError", "connection_error"],
    ["SocketError", "connection_error"],
    ["InsufficientFunds", "other"],
    ["InvalidOrder", "other"],
    ["OrderImmediatelyFillable", "other"],
    ["OrderNotFillable", "other"],
    ["DuplicateOrderId", "other"],
    ["ContractUnavailable", "other"],
    ["BadRequest", "other"],
    ["BadResponse", "other"],
    ["NullResponse", "other"],
    ["ArgumentsRequired", "other"],
    ["NotSupported", "other"],
    ["InvalidAddress", "other"],
    ["MarginModeAlreadySet", "other"],
    ["ExchangeError", null],
    ["OperationFailed", null],
    ["BaseError", null],
    ["HTTPError", null],
    ["HttpError", null],
    ["Error", null],
  ],
);

/** Node.js system error codes (`error.code`) and undici's. */
const errorCodes: ReadonlyMap<string, ApiErrorType> = new Map<string, ApiErrorType>([
  ["ETIMEDOUT", "timeout"],
  ["ESOCKETTIMEDOUT", "timeout"],
  ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
  ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
  ["UND_ERR_BODY_TIMEOUT", "timeout"],
  ["ECONNRESET", "connection_error"],
  ["ECONNREFUSED", "connection_error"],
  ["ECONNABORTED", "connection_error"],
  ["ENOTFOUND", "connection_error"],
  ["EAI_AGAIN", "connection_error"],
  ["EHOSTUNREACH", "connection_error"],
  ["ENETUNREACH", "connection_error"],
  ["EPIPE", "connection_error"],
  ["UND_ERR_SOCKET", "connection_error"],
]);

/** Returns the error type of an HTTP status, or undefined for a status that says nothing. */
export function apiErrorTypeOfStatus(status: number): ApiErrorType | undefined {
  if (status === 408 || status === 504 || status === 524) return "timeout";
  if (status === 429 || status === 418) return "rate_limit";
  if (status === 401 || status === 403) return "auth_error";
  if (status === 404 || status === 410) return "not_found";
  if (status >= 500 && status <= 599) return "server_error";
  if (status >= 400 && status <= 499) return "other";
  return undefined;
}

const rule = (category: ApiErrorType, weight: number, pattern: RegExp) => ({
  category,
  weight,
  pattern,
});

const rules: readonly ClassifierRule<ApiErrorType>[] = [
  rule(
    "rate_limit",
    3,
    /rate[\s_-]*limit|too many requests|throttl|request weight|ip (is )?banned/,
  ),
  rule("timeout", 3, /timed?[\s_-]*out|timeout|deadline exceeded/),
  rule(
    "auth_error",
    3,
    /unauthori[sz]ed|forbidden|invalid (api[\s_-]*)?key|api[\s_-]*key|signature|authenticat|permission denied|invalid nonce|not authori[sz]ed/,
  ),
  rule("not_found", 3, /not found|unknown order|does not exist|no such (order|symbol)/),
  rule(
    "server_error",
    3,
    /internal server error|bad gateway|service (temporarily )?unavailable|under maintenance|maintenance|server error/,
  ),
  rule(
    "connection_error",
    2,
    /connection|network|socket hang up|econnreset|econnrefused|enotfound|dns|unreachable/,
  ),
];

/** On equal evidence the more specific cause wins: a timed-out connection is a timeout. */
const priority: readonly ApiErrorType[] = [
  "rate_limit",
  "auth_error",
  "timeout",
  "not_found",
  "server_error",
  "connection_error",
  "other",
];

const classify = scoredClassifier(rules, priority, "other");
const categories = new Set<string>(apiErrorTypes);
const STATUS_IN_TEXT =
  /(?:^|\bhttp[\s_/]*(?:\d\.\d\s+)?|\bstatus(?:[\s_]*code)?\s*[:=]?\s*|\()([1-5]\d\d)\b/i;

/**
 * Returns the error type of an exchange API failure. Decides by the most specific evidence:
 * a known error class (ccxt's hierarchy, Node and HTTP clients), then the HTTP status
 * (`error.status`, `statusCode`, `response.status`, or a number), then the Node error code,
 * then the message text. The result is always one of the seven types, so no part of the
 * error (an API key, a signed URL, a token) can reach a label.
 *
 * @example
 * normalizeApiErrorType(new ccxt.RateLimitExceeded("binance 429 ...")); // "rate_limit"
 * normalizeApiErrorType(503); // "server_error"
 * normalizeApiErrorType("HTTP_401"); // "auth_error"
 */
export function normalizeApiErrorType(error: unknown): ApiErrorType {
  if (typeof error === "number") return apiErrorTypeOfStatus(error) ?? "other";
  if (typeof error === "string") return fromText(error);
  if (error === null || typeof error !== "object") return "other";
  const fromClass = typeOfClass(error);
  if (fromClass !== undefined) return fromClass;
  const status = statusOf(error);
  if (status !== undefined) {
    const fromStatus = apiErrorTypeOfStatus(status);
    if (fromStatus !== undefined) return fromStatus;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    const fromCode = errorCodes.get(code);
    if (fromCode !== undefined) return fromCode;
  }
  const cause = (error as { cause?: unknown }).cause;
  const message = (error as { message?: unknown }).message;
  const fromMessage = typeof message === "string" ? fromText(message) : "other";
  if (fromMessage !== "other" || cause === undefined || cause === error) return fromMessage;
  return normalizeApiErrorType(cause);
}

/** Classifies text: a category name, an error class name, `HTTP_429`, or a message. */
function fromText(text: string): ApiErrorType {
  const trimmed = text.trim();
  if (categories.has(trimmed.toLowerCase())) return trimmed.toLowerCase() as ApiErrorType;
  const leadingWord = /^[A-Za-z]+/.exec(trimmed)?.[0];
  if (leadingWord !== undefined) {
    const fromClass = errorClasses.get(leadingWord);
    if (fromClass !== undefined && fromClass !== null) return fromClass;
  }
  const status = STATUS_IN_TEXT.exec(trimmed)?.[1];
  if (status !== undefined) {
    const fromStatus = apiErrorTypeOfStatus(Number(status));
    if (fromStatus !== undefined && fromStatus !== "other") return fromStatus;
  }
  const code = /\b(E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/.exec(trimmed)?.[1];
  if (code !== undefined) {
    const fromCode = errorCodes.get(code);
    if (fromCode !== undefined) return fromCode;
  }
  return classify(trimmed.toLowerCase());
}

/**
 * Returns the type of the most derived specific class among the error's name and its
 * prototype chain; generic classes (`ExchangeError`, `Error`) are skipped.
 */
function typeOfClass(error: object): ApiErrorType | undefined {
  const seen = new Set<string>();
  const names: string[] = [];
  const own = (error as { name?: unknown }).name;
  if (typeof own === "string") names.push(own);
  for (
    let proto = Object.getPrototypeOf(error);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string") names.push(name);
  }
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const type = errorClasses.get(name);
    if (type !== undefined && type !== null) return type;
  }
  return undefined;
}

/** Returns the HTTP status an error carries, from the fields HTTP clients use. */
function statusOf(error: object): number | undefined {
  const candidates = [
    (error as { status?: unknown }).status,
    (error as { statusCode?: unknown }).statusCode,
    (error as { httpStatus?: unknown }).httpStatus,
    (error as { response?: { status?: unknown } }).response?.status,
  ];
  for (const candidate of candidates) {
    const value = typeof candidate === "string" ? Number(candidate) : candidate;
    if (typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599) {
      return value;
    }
  }
  return undefined;
}
