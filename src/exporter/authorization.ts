/** @module Checks an Authorization header against configured bearer or basic credentials in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MetricsAuth } from "./types.js";

/** The verdict on one request's Authorization header. */
export interface AuthorizationVerdict {
  readonly ok: boolean;
  /** The `WWW-Authenticate` challenge to send with a 401. */
  readonly challenge: string;
}

/**
 * Returns a checker for Authorization headers. Secrets are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither their content nor their length leaks through timing. A
 * missing header, another scheme, a malformed value or wrong credentials all fail.
 *
 * @example
 * const check = createAuthorization({ type: "bearer", token: process.env.METRICS_AUTH_TOKEN! });
 * if (!check(req.headers.authorization).ok) { res.statusCode = 401; ... }
 */
export function createAuthorization(
  auth: MetricsAuth,
  realm = "tradewatch",
): (header: string | undefined) => AuthorizationVerdict {
  const scheme = auth.type === "bearer" ? "bearer" : "basic";
  const expected = digest(
    auth.type === "bearer" ? auth.token : `${auth.username}:${auth.password}`,
  );
  const challenge =
    auth.type === "bearer" ? `Bearer realm="${realm}"` : `Basic realm="${realm}", charset="UTF-8"`;
  const denied: AuthorizationVerdict = Object.freeze({ ok: false, challenge });
  const granted: AuthorizationVerdict = Object.freeze({ ok: true, challenge });
  return (header) => {
    if (header === undefined) return denied;
    const spaceAt = header.indexOf(" ");
    if (spaceAt === -1 || header.slice(0, spaceAt).toLowerCase() !== scheme) return denied;
    const credentials = header.slice(spaceAt + 1).trim();
    const presented =
      scheme === "bearer" ? credentials : Buffer.from(credentials, "base64").toString("utf8");
    return timingSafeEqual(digest(presented), expected) ? granted : denied;
  };
}

function digest(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/**
 * Returns the Authorization header value a client sends with these credentials.
 *
 * @example
 * authorizationHeader({ type: "basic", username: "u", password: "p" }); // "Basic dTpw"
 */
export function authorizationHeader(auth: MetricsAuth): string {
  return auth.type === "bearer"
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64")}`;
}
