/** @module What a reloaded metrics configuration changes: the keys applied live, the keys that need a restart, and the configuration running afterwards. */
import type { MetricsConfig } from "./metrics-config.js";

/** The outcome of comparing a running configuration with a reloaded one. */
export interface MetricsConfigChanges {
  /** Changed keys a running process applies at once (auth, TLS files, log level, push targets). */
  readonly live: readonly string[];
  /** Changed keys that take effect only after a restart (bind address, port, path, ...). */
  readonly restart: readonly string[];
  /** The configuration running once the live changes are applied: `next`, but restart-only keys as before. */
  readonly running: MetricsConfig;
}

type Compared = (config: MetricsConfig) => unknown;

/** Keys applied live, and how to read each from a configuration. */
const liveKeys: Readonly<Record<string, Compared>> = {
  // One key for all auth settings: which one changed says something about a secret.
  "metrics.auth": (config) => config.auth,
  "metrics.tls.cert_file": (config) => config.tls?.certFile,
  "metrics.tls.key_file": (config) => config.tls?.keyFile,
  "metrics.tls.client_ca_file": (config) => config.tls?.clientCaFile,
  "log.level": (config) => config.logLevel,
  "metrics.pushgateway.url": (config) => config.pushgateway.url,
  "metrics.pushgateway.job": (config) => config.pushgateway.job,
  "metrics.pushgateway.interval_seconds": (config) => config.pushgateway.intervalSeconds,
  "metrics.pushgateway.grouping": (config) => config.pushgateway.grouping,
  "metrics.remote_write.url": (config) => config.remoteWrite.url,
  "metrics.remote_write.interval_seconds": (config) => config.remoteWrite.intervalSeconds,
};

/** Keys that need a restart, and how to read each from a configuration. */
const restartKeys: Readonly<Record<string, Compared>> = {
  "metrics.enabled": (config) => config.enabled,
  "metrics.host": (config) => config.host,
  "metrics.port": (config) => config.port,
  "metrics.path": (config) => config.path,
  "metrics.gzip": (config) => config.gzip,
  "metrics.allowed_hosts": (config) => config.allowedHosts,
  "metrics.max_body_bytes": (config) => config.maxBodyBytes,
  "metrics.max_label_value_bytes": (config) => config.maxLabelValueBytes,
  "metrics.planes.data.port": (config) => config.planes.data,
  "metrics.planes.order.port": (config) => config.planes.order,
  "metrics.planes.strategy.port": (config) => config.planes.strategy,
};

/**
 * Compares the running configuration with a reloaded one. TLS files swap live only while
 * the server keeps its mode: turning HTTPS on or off, or mutual TLS (a client CA) on or off,
 * needs a restart, and is reported as such.
 *
 * @example
 * const { live, restart } = metricsConfigChanges(running, await loadMetricsConfig());
 */
export function metricsConfigChanges(
  running: MetricsConfig,
  next: MetricsConfig,
): MetricsConfigChanges {
  const changed = (read: Compared) => JSON.stringify(read(running)) !== JSON.stringify(read(next));
  const restart = Object.entries(restartKeys)
    .filter(([, read]) => changed(read))
    .map(([key]) => key);
  const tlsMode = (config: MetricsConfig) =>
    config.tls === undefined ? "off" : config.tls.clientCaFile === undefined ? "tls" : "mutual";
  const tlsModeChanged = tlsMode(running) !== tlsMode(next);
  const live = Object.entries(liveKeys)
    .filter(([key, read]) => changed(read) && !(tlsModeChanged && key.startsWith("metrics.tls.")))
    .map(([key]) => key);
  if (tlsModeChanged) {
    restart.push(
      tlsMode(running) === "off" || tlsMode(next) === "off"
        ? "metrics.tls (HTTPS on/off)"
        : "metrics.tls.client_ca_file (mutual TLS on/off)",
    );
  }
  const kept: MetricsConfig = Object.freeze({
    ...next,
    enabled: running.enabled,
    host: running.host,
    port: running.port,
    path: running.path,
    gzip: running.gzip,
    allowedHosts: running.allowedHosts,
    maxBodyBytes: running.maxBodyBytes,
    maxLabelValueBytes: running.maxLabelValueBytes,
    planes: running.planes,
    tls: tlsModeChanged ? running.tls : next.tls,
  });
  return { live, restart, running: kept };
}
