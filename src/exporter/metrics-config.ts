/** @module The metrics configuration: its shape, defaults, seed-compatible aliases, env overrides and validation. */
import { isIP } from "node:net";
import { ConfigError, type ConfigViolation } from "./config-error.js";
import { nearestKey } from "./nearest-key.js";
import type { MetricsAuth } from "./types.js";

/** How much `tradewatch run` prints: `info` (status lines), `warn` (warnings and reload outcomes), `error`. */
export type LogLevel = "info" | "warn" | "error";

/** The log levels, least severe first. */
export const logLevels: readonly LogLevel[] = ["info", "warn", "error"];

/** The validated metrics configuration. */
export interface MetricsConfig {
  /** Serve metrics at all. Default true. */
  readonly enabled: boolean;
  /** Interface the metrics server binds. Default `127.0.0.1`. */
  readonly host: string;
  /** Port of the metrics server. Default 9100. */
  readonly port: number;
  /** Path of the metrics endpoint. Default `/metrics`. */
  readonly path: string;
  /** Gzip responses for clients that accept it. Default true. */
  readonly gzip: boolean;
  /** Credentials /metrics requires, if any. */
  readonly auth: MetricsAuth | undefined;
  /**
   * Serve HTTPS from these PEM files (paths as configured); plain HTTP without them. With a
   * client CA, clients must present a certificate it signed (mutual TLS).
   */
  readonly tls:
    | Readonly<{ certFile: string; keyFile: string; clientCaFile: string | undefined }>
    | undefined;
  /** Further Host names the server answers to (`name` or `name:port`; `*` for any). Default none. */
  readonly allowedHosts: readonly string[];
  /** Largest request body any route accepts, in bytes. Default 65536. */
  readonly maxBodyBytes: number;
  /** Longest label value a served registry accepts, in UTF-8 bytes. Default 2048. */
  readonly maxLabelValueBytes: number;
  /** Ports of the per-plane servers (seed 003); a plane without a port has no server. */
  readonly planes: Readonly<{ data?: number; order?: number; strategy?: number }>;
  readonly pushgateway: Readonly<{
    /** Pushgateway base URL; pushing is off without it. */
    url: string | undefined;
    /** The `job` grouping key. Default `tradewatch`. */
    job: string;
    /** Seconds between pushes. Default 15. */
    intervalSeconds: number;
    /** Further grouping labels, e.g. `{ instance: "bot-1" }`. */
    grouping: Readonly<Record<string, string>>;
  }>;
  readonly remoteWrite: Readonly<{
    /** Remote-write receiver URL (e.g. `http://127.0.0.1:9090/api/v1/write`); off without it. */
    url: string | undefined;
    /** Seconds between writes. Default 15. */
    intervalSeconds: number;
  }>;
  /** How much `tradewatch run` prints (top-level `log.level`). Default `info`. */
  readonly logLevel: LogLevel;
}

type Source = { readonly value: unknown; readonly key: string };
type Validator = (source: Source) => unknown;

const PORT_RULE = "must be an integer 1-65535";

const validators = {
  enabled: boolean,
  host: (source: Source) => {
    const host = string(source);
    if (isIP(host) === 0 && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(host)) {
      throw invalid(source, "must be an IP address or a host name");
    }
    return host;
  },
  port,
  path: (source: Source) => {
    const path = string(source);
    if (!/^\/[^\s?#]*$/.test(path) || path === "/health" || path === "/ready") {
      throw invalid(
        source,
        'must start with "/", without spaces, "?" or "#", and not be /health or /ready',
      );
    }
    return path;
  },
  gzip: boolean,
  "auth.token": secret,
  "auth.username": secret,
  "auth.password": secret,
  "tls.cert_file": string,
  "tls.key_file": string,
  "tls.client_ca_file": string,
  allowed_hosts: hostList,
  max_body_bytes: (source: Source) => byteCount(source, 0),
  max_label_value_bytes: (source: Source) => byteCount(source, 1),
  "planes.data.port": port,
  "planes.order.port": port,
  "planes.strategy.port": port,
  "pushgateway.url": url,
  "pushgateway.job": string,
  "pushgateway.interval_seconds": positiveSeconds,
  "pushgateway.grouping": grouping,
  "remote_write.url": url,
  "remote_write.interval_seconds": positiveSeconds,
  log_level: (source: Source) => {
    const level = string(source).toLowerCase();
    if (!(logLevels as readonly string[]).includes(level)) {
      throw invalid(source, `must be one of ${logLevels.join(", ")}`);
    }
    return level as LogLevel;
  },
} satisfies Record<string, Validator>;

type Key = keyof typeof validators;

/** Environment variables and the key each one sets. */
export const metricsEnvVars: Readonly<Record<string, Key>> = {
  METRICS_ENABLED: "enabled",
  PROMETHEUS_ENABLED: "enabled",
  METRICS_HOST: "host",
  METRICS_PORT: "port",
  METRICS_PATH: "path",
  METRICS_GZIP: "gzip",
  METRICS_AUTH_TOKEN: "auth.token",
  METRICS_AUTH_USERNAME: "auth.username",
  METRICS_AUTH_PASSWORD: "auth.password",
  METRICS_TLS_CERT_FILE: "tls.cert_file",
  METRICS_TLS_KEY_FILE: "tls.key_file",
  METRICS_TLS_CLIENT_CA_FILE: "tls.client_ca_file",
  METRICS_ALLOWED_HOSTS: "allowed_hosts",
  METRICS_MAX_BODY_BYTES: "max_body_bytes",
  METRICS_MAX_LABEL_VALUE_BYTES: "max_label_value_bytes",
  METRICS_DATA_PLANE_PORT: "planes.data.port",
  METRICS_ORDER_PLANE_PORT: "planes.order.port",
  METRICS_STRATEGY_PLANE_PORT: "planes.strategy.port",
  METRICS_PUSHGATEWAY_URL: "pushgateway.url",
  METRICS_PUSHGATEWAY_JOB: "pushgateway.job",
  METRICS_PUSHGATEWAY_INTERVAL_SECONDS: "pushgateway.interval_seconds",
  METRICS_PUSHGATEWAY_GROUPING: "pushgateway.grouping",
  METRICS_REMOTE_WRITE_URL: "remote_write.url",
  METRICS_REMOTE_WRITE_INTERVAL_SECONDS: "remote_write.interval_seconds",
  TRADEWATCH_LOG_LEVEL: "log_level",
};

/**
 * Keys the seed systems use in their YAML files and the key each maps to: seed 000's
 * `monitoring.metrics.{enabled,port}` and seed 001's `monitoring.prometheus_{enabled,port}`.
 * Seed 001's `monitoring.metrics_port` is not mapped: there it is the Prometheus server's
 * port (9090), not the exporter's.
 */
export const seedKeyAliases: Readonly<Record<string, Key>> = {
  "monitoring.metrics.enabled": "enabled",
  "monitoring.metrics.port": "port",
  "monitoring.prometheus_enabled": "enabled",
  "monitoring.prometheus_port": "port",
};

/** Keys outside the `metrics:` section and the key each sets. */
const topLevelKeys: Readonly<Record<string, Key>> = {
  "log.level": "log_level",
};

/**
 * Every mapping a `tradewatch.yaml` may hold and the keys each may set (groups and leaves),
 * by dotted path; "" is the document itself. Any other key is an error (a typo such as
 * `metric:` would otherwise turn auth off unnoticed).
 */
const sections: Readonly<Record<string, readonly string[]>> = {
  "": ["metrics", "monitoring", "log"],
  log: ["level"],
  metrics: [
    "enabled",
    "host",
    "port",
    "path",
    "gzip",
    "auth",
    "tls",
    "allowed_hosts",
    "max_body_bytes",
    "max_label_value_bytes",
    "planes",
    "pushgateway",
    "remote_write",
  ],
  "metrics.auth": ["token", "username", "password"],
  "metrics.tls": ["cert_file", "key_file", "client_ca_file"],
  "metrics.planes": ["data", "order", "strategy"],
  "metrics.planes.data": ["port"],
  "metrics.planes.order": ["port"],
  "metrics.planes.strategy": ["port"],
  "metrics.pushgateway": ["url", "job", "interval_seconds", "grouping"],
  "metrics.remote_write": ["url", "interval_seconds"],
  // Seed 000's and seed 001's keys; seed 001's metrics_enabled/metrics_port concern its
  // Prometheus server and are accepted and ignored.
  monitoring: [
    "metrics",
    "prometheus_enabled",
    "prometheus_port",
    "metrics_enabled",
    "metrics_port",
  ],
  "monitoring.metrics": ["enabled", "port"],
};

/** A key of the resolved configuration whose source {@link metricsConfigKey} tells. */
export type MetricsConfigKey = Key;

/** The key as the user wrote it (file path or env var) of each resolved configuration's values. */
const sourceKeys = new WeakMap<MetricsConfig, ReadonlyMap<Key, string>>();

/**
 * Returns the key as the user wrote it that set `key` in a configuration from
 * {@link resolveMetricsConfig} (`metrics.port`, `METRICS_PORT`, `monitoring.prometheus_port`),
 * or undefined when the default applies.
 *
 * @example metricsConfigKey(config, "port") // => "METRICS_PORT"
 */
export function metricsConfigKey(config: MetricsConfig, key: MetricsConfigKey): string | undefined {
  return sourceKeys.get(config)?.get(key);
}

/**
 * Resolves the metrics configuration from a parsed `tradewatch.yaml` document (its
 * `metrics` section and the seeds' `monitoring` keys) and environment variables, env
 * overriding file. Every value is validated; bad values throw one {@link ConfigError} holding
 * every violation, each naming the key as written and the value: `Invalid config
 * "metrics.port": was "abc", must be an integer 1-65535`. Unknown keys at any level of the
 * file are errors too, with the nearest known key suggested (`metric:` for `metrics:`);
 * so are blank secrets and a plane port that another server already has. Empty environment
 * variables count as unset.
 *
 * @example
 * const config = resolveMetricsConfig(parse(readFileSync("tradewatch.yaml", "utf8")), process.env);
 */
export function resolveMetricsConfig(
  document: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): MetricsConfig {
  const violations: ConfigViolation[] = [];
  const collect = (error: unknown): void => {
    if (!(error instanceof ConfigError)) throw error;
    violations.push(...error.violations);
  };
  const sources = new Map<Key, Source>();
  const root = document ?? {};
  const setFromFile = (key: Key, source: Source) => {
    const previous = sources.get(key);
    if (previous !== undefined && !sameValue(previous.value, source.value)) {
      violations.push({
        key: source.key,
        message: `Conflicting config "${source.key}": was ${show(source.value)} while "${previous.key}" was ${show(previous.value)}; set one of them`,
      });
      return;
    }
    sources.set(key, source);
  };
  walk(root, "", violations, (path, value) => {
    if (path.startsWith("metrics.")) {
      setFromFile(path.slice("metrics.".length) as Key, { key: path, value });
      return;
    }
    const alias = seedKeyAliases[path] ?? topLevelKeys[path];
    if (alias !== undefined) setFromFile(alias, { key: path, value });
  });
  for (const [name, key] of Object.entries(metricsEnvVars)) {
    const value = env[name];
    if (value !== undefined && value !== "") sources.set(key, { key: name, value });
  }
  const get = <T>(key: Key, fallback: T): T => {
    const source = sources.get(key);
    if (source === undefined) return fallback;
    try {
      return validators[key](source) as T;
    } catch (error) {
      collect(error);
      return fallback;
    }
  };
  let auth: MetricsAuth | undefined;
  try {
    auth = resolveAuth(sources);
  } catch (error) {
    collect(error);
  }
  let tls: MetricsConfig["tls"];
  try {
    tls = resolveTls(sources);
  } catch (error) {
    collect(error);
  }
  const port = get("port", 9100);
  const planes: Partial<Record<"data" | "order" | "strategy", number>> = {};
  const taken = new Map<number, string>([[port, sources.get("port")?.key ?? "metrics.port"]]);
  for (const plane of ["data", "order", "strategy"] as const) {
    const key = `planes.${plane}.port` as const;
    const planePort = get<number | undefined>(key, undefined);
    if (planePort === undefined) continue;
    const other = taken.get(planePort);
    const name = sources.get(key)?.key ?? `metrics.${key}`;
    if (other !== undefined) {
      violations.push({
        key: name,
        message: `Invalid config "${name}": was ${planePort}, the port of "${other}"; each server needs a port of its own`,
      });
      continue;
    }
    taken.set(planePort, name);
    planes[plane] = planePort;
  }
  const config: MetricsConfig = Object.freeze({
    enabled: get("enabled", true),
    host: get("host", "127.0.0.1"),
    port,
    path: get("path", "/metrics"),
    gzip: get("gzip", true),
    auth,
    tls,
    allowedHosts: Object.freeze(get<string[]>("allowed_hosts", [])),
    maxBodyBytes: get("max_body_bytes", 65_536),
    maxLabelValueBytes: get("max_label_value_bytes", 2048),
    planes: Object.freeze(planes),
    pushgateway: Object.freeze({
      url: get<string | undefined>("pushgateway.url", undefined),
      job: get("pushgateway.job", "tradewatch"),
      intervalSeconds: get("pushgateway.interval_seconds", 15),
      grouping: Object.freeze(get<Record<string, string>>("pushgateway.grouping", {})),
    }),
    remoteWrite: Object.freeze({
      url: get<string | undefined>("remote_write.url", undefined),
      intervalSeconds: get("remote_write.interval_seconds", 15),
    }),
    logLevel: get<LogLevel>("log_level", "info"),
  });
  if (violations.length > 0) throw new ConfigError(violations);
  sourceKeys.set(config, new Map([...sources].map(([key, source]) => [key, source.key] as const)));
  return config;
}

function resolveAuth(sources: ReadonlyMap<Key, Source>): MetricsAuth | undefined {
  const token = sources.get("auth.token");
  const username = sources.get("auth.username");
  const password = sources.get("auth.password");
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    const other = (username ?? password)!;
    throw new ConfigError(
      token.key,
      `Invalid config "${token.key}": was set together with "${other.key}", must be either a bearer token or a basic username and password`,
    );
  }
  if (token !== undefined) return { type: "bearer", token: secret(token) };
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    const present = (username ?? password)!;
    const missing = username === undefined ? "username" : "password";
    throw new ConfigError(
      present.key,
      `Invalid config "${present.key}": was set without a ${missing}, must come with "metrics.auth.${missing}"`,
    );
  }
  return { type: "basic", username: secret(username), password: secret(password) };
}

/**
 * The TLS files: a certificate and its key together, a client CA only with them. Whether
 * the files exist and hold PEM is checked where they are read ({@link readTlsFiles}).
 */
function resolveTls(sources: ReadonlyMap<Key, Source>): MetricsConfig["tls"] {
  const cert = sources.get("tls.cert_file");
  const key = sources.get("tls.key_file");
  const clientCa = sources.get("tls.client_ca_file");
  if (cert === undefined && key === undefined) {
    if (clientCa === undefined) return undefined;
    throw invalid(
      clientCa,
      'needs "metrics.tls.cert_file" and "metrics.tls.key_file" (mutual TLS is served over HTTPS)',
    );
  }
  if (cert === undefined || key === undefined) {
    const present = (cert ?? key)!;
    const missing = cert === undefined ? "cert_file" : "key_file";
    throw invalid(present, `was set without "metrics.tls.${missing}"; HTTPS needs both`);
  }
  const violations: ConfigViolation[] = [];
  const path = (source: Source): string => {
    try {
      return string(source);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      violations.push(...error.violations);
      return "";
    }
  };
  const resolved = Object.freeze({
    certFile: path(cert),
    keyFile: path(key),
    clientCaFile: clientCa === undefined ? undefined : path(clientCa),
  });
  if (violations.length > 0) throw new ConfigError(violations);
  return resolved;
}

/**
 * Visits every leaf of `value` (the mapping at `path`), calling `leaf` with its dotted path;
 * records an unknown key, or a group that is not a mapping, as a violation and goes on.
 */
function walk(
  value: unknown,
  path: string,
  violations: ConfigViolation[],
  leaf: (path: string, value: unknown) => void,
): void {
  const known = sections[path];
  if (known === undefined) {
    leaf(path, value);
    return;
  }
  const where = path === "" ? "the file" : `"${path}"`;
  if (!isRecord(value)) {
    const key = path === "" ? "(file)" : path;
    violations.push({
      key,
      message: `Invalid config ${path === "" ? "file" : `"${path}"`}: was ${show(value)}, must be a mapping`,
    });
    return;
  }
  for (const [child, childValue] of Object.entries(value)) {
    const childPath = path === "" ? child : `${path}.${child}`;
    if (!known.includes(child)) {
      const nearest = nearestKey(child, known);
      const suggestion =
        nearest === undefined
          ? " known"
          : ` did you mean "${path === "" ? nearest : `${path}.${nearest}`}"? Known`;
      violations.push({
        key: childPath,
        message: `Unknown config key "${childPath}":${suggestion} keys ${path === "" ? "at the top of the file" : `under ${where}`} are ${known.join(", ")}`,
      });
      continue;
    }
    if (childValue === undefined || childValue === null) continue;
    walk(childValue, childPath, violations, leaf);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function invalid(source: Source, rule: string): ConfigError {
  return new ConfigError(
    source.key,
    `Invalid config "${source.key}": was ${show(source.value)}, ${rule}`,
  );
}

function string(source: Source): string {
  if (typeof source.value !== "string" || source.value.trim() === "") {
    throw invalid(source, "must be a non-empty string");
  }
  return source.value.trim();
}

/** A token, username or password: never echoed in an error, and never blank. */
function secret(source: Source): string {
  if (typeof source.value !== "string" && typeof source.value !== "number") {
    throw new ConfigError(source.key, `Invalid config "${source.key}": must be a non-empty string`);
  }
  const text = String(source.value);
  if (text.trim() === "") {
    throw new ConfigError(
      source.key,
      `Invalid config "${source.key}": was ${text === "" ? "empty" : "blank (only spaces)"}, must be a non-empty string`,
    );
  }
  return text;
}

function boolean(source: Source): boolean {
  if (typeof source.value === "boolean") return source.value;
  if (typeof source.value === "string") {
    const text = source.value.trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(text)) return true;
    if (["false", "0", "no", "off"].includes(text)) return false;
  }
  throw invalid(source, "must be true or false (or 1/0, yes/no, on/off)");
}

function port(source: Source): number {
  const value =
    typeof source.value === "string" && /^\s*\d+\s*$/.test(source.value)
      ? Number(source.value)
      : source.value;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65_535) {
    throw invalid(source, PORT_RULE);
  }
  return value;
}

function positiveSeconds(source: Source): number {
  const value =
    typeof source.value === "string" && source.value.trim() !== ""
      ? Number(source.value)
      : source.value;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw invalid(source, "must be a number of seconds greater than 0");
  }
  return value;
}

function byteCount(source: Source, minimum: number): number {
  const value =
    typeof source.value === "string" && /^\s*\d+\s*$/.test(source.value)
      ? Number(source.value)
      : source.value;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
    throw invalid(source, `must be an integer number of bytes, ${minimum} or more`);
  }
  return value;
}

function hostList(source: Source): string[] {
  const items = typeof source.value === "string" ? source.value.split(",") : source.value;
  if (!Array.isArray(items)) throw invalid(source, "must be a list of host names");
  return items.map((item) => {
    const host = typeof item === "string" ? item.trim() : "";
    if (
      host !== "*" &&
      !/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?)(:\d{1,5})?$/.test(host)
    ) {
      throw invalid(
        source,
        `must be a list of host names, "name" or "name:port" or "*" (bad: ${show(item)})`,
      );
    }
    return host;
  });
}

function url(source: Source): string {
  const text = string(source);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw invalid(source, "must be an absolute http:// or https:// URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalid(source, "must be an absolute http:// or https:// URL");
  }
  return text;
}

function grouping(source: Source): Record<string, string> {
  let value = source.value;
  if (typeof value === "string") {
    // Env form: "instance=bot-1,region=eu".
    value = Object.fromEntries(
      value
        .split(",")
        .filter((pair) => pair.trim() !== "")
        .map((pair) => {
          const at = pair.indexOf("=");
          return at === -1
            ? [pair.trim(), ""]
            : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
        }),
    );
  }
  if (!isRecord(value)) throw invalid(source, "must be a mapping of label names to values");
  const result: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(value)) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith("__") || name === "job") {
      throw invalid(source, `must use valid label names other than "job" (bad: "${name}")`);
    }
    if (typeof labelValue !== "string" && typeof labelValue !== "number") {
      throw invalid(source, `must map each label to a string (bad: "${name}")`);
    }
    result[name] = String(labelValue);
  }
  return result;
}
