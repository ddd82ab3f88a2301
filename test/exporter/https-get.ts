/** @module A GET over HTTPS that trusts a given CA (and may present a client certificate), as a careful client would make it. */
import { request } from "node:https";

/** What the client saw: the answer, or the TLS or connection error. */
export type HttpsOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly contentType: string;
      readonly body: string;
    }
  | { readonly ok: false; readonly error: string };

/** Options of {@link httpsGet}. */
export interface HttpsGetOptions {
  /** The only CA the client trusts. */
  readonly ca: Buffer;
  /** The name the certificate must hold (SNI and verification). */
  readonly serverName?: string | undefined;
  /** A client certificate and key to present (mutual TLS). */
  readonly clientCert?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** GETs `url` on a new connection (no agent, no session reuse), resolving with the answer or the error. */
export function httpsGet(url: string, options: HttpsGetOptions): Promise<HttpsOutcome> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        agent: false,
        ca: options.ca,
        ...(options.serverName === undefined ? {} : { servername: options.serverName }),
        ...(options.clientCert === undefined ? {} : options.clientCert),
        headers: { ...options.headers },
        timeout: 10_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({
            ok: true,
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"] ?? ""),
            body,
          }),
        );
        res.on("error", (error) => resolve({ ok: false, error: error.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, error: `${error.code ?? ""} ${error.message}`.trim() }),
    );
    req.end();
  });
}
