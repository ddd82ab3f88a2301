/** @module Refuses requests a browser could forge: foreign Host (DNS rebinding), foreign Origin and non-JSON bodies on state-changing methods. */
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";

/** Methods that never change state; every other method must pass the Origin and Content-Type checks. */
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Options of {@link RequestGuard}. */
export interface RequestGuardOptions {
  /** The address the server is bound to, e.g. `127.0.0.1` or `0.0.0.0`. */
  readonly address: string;
  /** The port the server listens on. */
  readonly port: number;
  /**
   * Further names clients may use in the Host header: `name` (any port) or `name:port`;
   * `*` turns the Host check off (only behind a proxy that checks it).
   */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** Why a request was refused, with the status to answer. */
export interface GuardRefusal {
  readonly status: 403 | 415 | 421;
  readonly error: string;
}

/**
 * Decides whether a request may reach a route. Every request must name an expected Host:
 * the bound address, `localhost`, `127.0.0.1` or `[::1]` with the server's port (and, when
 * bound to every interface, this machine's addresses and host name), or a configured name,
 * so a DNS-rebinding page (Host `attacker.example`) is refused with 421. State-changing
 * methods (all but GET, HEAD and OPTIONS) must also come without a foreign `Origin` (403)
 * and with `Content-Type: application/json` (415), which a cross-site form or `no-cors`
 * fetch cannot send.
 */
export class RequestGuard {
  readonly #anyHost: boolean;
  /** Lower-cased `host:port` pairs allowed as they are. */
  readonly #hostPorts = new Set<string>();
  /** Lower-cased names allowed on any port. */
  readonly #names = new Set<string>();

  constructor(options: RequestGuardOptions) {
    const { port } = options;
    const local = ["localhost", "127.0.0.1", "[::1]", bracket(options.address)];
    if (options.address === "0.0.0.0" || options.address === "::") {
      local.push(hostname());
      for (const entries of Object.values(networkInterfaces())) {
        for (const entry of entries ?? []) local.push(bracket(entry.address));
      }
    }
    for (const name of local) this.#addHostPort(name, port);
    this.#anyHost = options.allowedHosts?.includes("*") ?? false;
    for (const entry of options.allowedHosts ?? []) {
      if (entry === "*") continue;
      const parsed = parseHost(entry);
      if (parsed === undefined) continue;
      if (parsed.port === undefined) this.#names.add(parsed.name);
      else this.#hostPorts.add(`${parsed.name}:${parsed.port}`);
    }
  }

  /** Returns why this request must be refused, or undefined when it may go on. */
  check(
    method: string,
    headers: {
      host?: string | undefined;
      origin?: string | undefined;
      "content-type"?: string | undefined;
    },
  ): GuardRefusal | undefined {
    if (!this.allowsHost(headers.host)) {
      return {
        status: 421,
        error: `unexpected Host header ${JSON.stringify(headers.host ?? "")}: add it to metrics.allowed_hosts (METRICS_ALLOWED_HOSTS) to serve it`,
      };
    }
    if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
    const origin = headers.origin;
    if (origin !== undefined && !this.#allowsOrigin(origin)) {
      return {
        status: 403,
        error: `cross-origin request refused: Origin was ${JSON.stringify(origin)}`,
      };
    }
    if (!isJsonContentType(headers["content-type"])) {
      return {
        status: 415,
        error: `unsupported Content-Type ${JSON.stringify(headers["content-type"] ?? "")}: send application/json`,
      };
    }
    return undefined;
  }

  /** Returns true when a Host header names this server. */
  allowsHost(host: string | undefined): boolean {
    if (this.#anyHost) return true;
    if (host === undefined) return false;
    const parsed = parseHost(host);
    if (parsed === undefined) return false;
    if (this.#names.has(parsed.name)) return true;
    return this.#hostPorts.has(`${parsed.name}:${parsed.port ?? 80}`);
  }

  #allowsOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) and garbage alike
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return this.allowsHost(url.host);
  }

  #addHostPort(name: string, port: number): void {
    const parsed = parseHost(name);
    if (parsed !== undefined) this.#hostPorts.add(`${parsed.name}:${port}`);
  }
}

/** Returns true for `application/json`, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(";", 1)[0]!.trim().toLowerCase();
  return type === "application/json";
}

/** Returns true when `address` is a loopback address or `localhost`. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (plain === "localhost" || plain === "::1") return true;
  const v4 = plain.startsWith("::ffff:") ? plain.slice(7) : plain;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

function bracket(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

/** Splits a Host header into a lower-cased name (IPv6 in brackets, no trailing dot) and port. */
function parseHost(host: string): { name: string; port: number | undefined } | undefined {
  let url: URL;
  try {
    url = new URL(`http://${host.trim()}`);
  } catch {
    return undefined;
  }
  if (url.username !== "" || url.password !== "" || url.pathname !== "/" || url.search !== "") {
    return undefined;
  }
  const name = url.hostname.toLowerCase().replace(/\.$/, "");
  return { name, port: url.port === "" ? undefined : Number(url.port) };
}
