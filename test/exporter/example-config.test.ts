/** @module tradewatch.example.yaml is valid and documents every metrics key and environment variable. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  metricsEnvVars,
  resolveMetricsConfig,
  seedKeyAliases,
} from "../../src/exporter/metrics-config.js";

const text = readFileSync(new URL("../../tradewatch.example.yaml", import.meta.url), "utf8");

/** Every leaf key a `metrics:` section may set, as dotted paths. */
const fileKeys = [
  "metrics.enabled",
  "metrics.host",
  "metrics.port",
  "metrics.path",
  "metrics.gzip",
  "metrics.auth.token",
  "metrics.auth.username",
  "metrics.auth.password",
  "metrics.tls.cert_file",
  "metrics.tls.key_file",
  "metrics.tls.client_ca_file",
  "metrics.planes.data.port",
  "metrics.planes.order.port",
  "metrics.planes.strategy.port",
  "metrics.pushgateway.url",
  "metrics.pushgateway.job",
  "metrics.pushgateway.interval_seconds",
  "metrics.pushgateway.grouping",
  "metrics.remote_write.url",
  "metrics.remote_write.interval_seconds",
  "log.level",
];

/** The file key of a resolver key: `metrics.<key>`, but the top-level `log.level`. */
const fileKeyOf = (key: string): string => (key === "log_level" ? "log.level" : `metrics.${key}`);

/** Returns the dotted paths of the example with its commented-out keys uncommented. */
function documentedKeys(): Set<string> {
  const uncommented = text
    .split("\n")
    .map((line) => line.replace(/^(\s*)# ([a-z_]+:(?: .*)?)$/, "$1$2"))
    .join("\n");
  const keys = new Set<string>();
  const visit = (node: unknown, path: string) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const child = path === "" ? key : `${path}.${key}`;
      keys.add(child);
      visit(value, child);
    }
  };
  visit(parse(uncommented), "");
  return keys;
}

describe("tradewatch.example.yaml", () => {
  it("resolves as is to the defaults", () => {
    expect(resolveMetricsConfig(parse(text))).toEqual(resolveMetricsConfig({}));
  });

  it("documents every key", () => {
    const documented = documentedKeys();
    expect(fileKeys.filter((key) => !documented.has(key))).toEqual([]);
  });

  it("covers the keys the resolver accepts: each env var's key is a documented file key", () => {
    const documented = documentedKeys();
    for (const key of Object.values(metricsEnvVars)) {
      expect(documented.has(fileKeyOf(key)), fileKeyOf(key)).toBe(true);
    }
  });

  it("names every environment variable and every seed key alias", () => {
    for (const name of Object.keys(metricsEnvVars)) expect(text, name).toContain(name);
    for (const alias of Object.keys(seedKeyAliases)) expect(text, alias).toContain(alias);
  });
});
