/** @module Loads the metrics configuration from tradewatch.yaml and the environment. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "./config-error.js";
import { type MetricsConfig, metricsConfigKey, resolveMetricsConfig } from "./metrics-config.js";
import { readTlsFiles } from "./tls-files.js";

/** Options of {@link loadMetricsConfig}. */
export interface LoadMetricsConfigOptions {
  /** The YAML file. Default: `TRADEWATCH_CONFIG`, else `tradewatch.yaml` in `cwd` if it exists. */
  readonly path?: string | undefined;
  /** Environment variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Directory the default file is looked up in. Default `process.cwd()`. */
  readonly cwd?: string | undefined;
}

/**
 * Reads `tradewatch.yaml` (if present; a path given explicitly or by `TRADEWATCH_CONFIG`
 * must exist) and the environment, and returns the validated metrics configuration. The TLS
 * files it names are read and checked too (they exist, hold PEM, the key fits the certificate).
 *
 * @example
 * const config = await loadMetricsConfig();
 * if (config.enabled) await startMetricsServer({ host: config.host, port: config.port });
 */
export async function loadMetricsConfig(
  options: LoadMetricsConfigOptions = {},
): Promise<MetricsConfig> {
  const env = options.env ?? process.env;
  const explicit = options.path ?? (env.TRADEWATCH_CONFIG || undefined);
  const path = resolve(options.cwd ?? process.cwd(), explicit ?? "tradewatch.yaml");
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (!missing || explicit !== undefined) {
      throw new ConfigError(
        "TRADEWATCH_CONFIG",
        `Invalid config file "${path}": ${missing ? "does not exist" : (error as Error).message}`,
      );
    }
  }
  let document: unknown;
  try {
    document = text === undefined ? {} : parse(text);
  } catch (error) {
    throw new ConfigError(
      "TRADEWATCH_CONFIG",
      `Invalid config file "${path}": not valid YAML (${(error as Error).message.split("\n")[0]})`,
    );
  }
  const config = resolveMetricsConfig(document, env);
  if (config.tls !== undefined) {
    readTlsFiles(config.tls, {
      certFile: metricsConfigKey(config, "tls.cert_file") ?? "metrics.tls.cert_file",
      keyFile: metricsConfigKey(config, "tls.key_file") ?? "metrics.tls.key_file",
      clientCaFile: metricsConfigKey(config, "tls.client_ca_file") ?? "metrics.tls.client_ca_file",
    });
  }
  return config;
}
