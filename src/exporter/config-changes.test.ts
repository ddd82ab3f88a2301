import { describe, expect, it } from "vitest";
import { metricsConfigChanges } from "./config-changes.js";
import { resolveMetricsConfig } from "./metrics-config.js";

const tls = { cert_file: "/tls/cert.pem", key_file: "/tls/key.pem" };

describe("metricsConfigChanges", () => {
  it("reports nothing for the same configuration", () => {
    const config = resolveMetricsConfig({ metrics: { auth: { token: "a" }, tls } });
    expect(
      metricsConfigChanges(
        config,
        resolveMetricsConfig({ metrics: { auth: { token: "a" }, tls } }),
      ),
    ).toMatchObject({
      live: [],
      restart: [],
    });
  });

  it("applies auth, log level and push targets live; keeps the bind settings running until a restart", () => {
    const running = resolveMetricsConfig({ metrics: { port: 9100, auth: { token: "a" } } });
    const next = resolveMetricsConfig({
      metrics: {
        port: 9200,
        host: "0.0.0.0",
        auth: { username: "u", password: "p" },
        remote_write: { url: "http://127.0.0.1:8428/api/v1/write" },
        planes: { data: { port: 8000 } },
      },
      log: { level: "error" },
    });
    const changes = metricsConfigChanges(running, next);
    expect(changes.live).toEqual(["metrics.auth", "log.level", "metrics.remote_write.url"]);
    expect(changes.restart).toEqual(["metrics.host", "metrics.port", "metrics.planes.data.port"]);
    expect(changes.running).toMatchObject({
      port: 9100,
      host: "127.0.0.1",
      planes: {},
      auth: { type: "basic", username: "u", password: "p" },
      logLevel: "error",
      remoteWrite: { url: "http://127.0.0.1:8428/api/v1/write" },
    });
    // Still not applied: the next reload names it again.
    expect(metricsConfigChanges(changes.running, next).restart).toEqual([
      "metrics.host",
      "metrics.port",
      "metrics.planes.data.port",
    ]);
  });

  it("swaps TLS files live, but turning HTTPS or mutual TLS on or off needs a restart", () => {
    const plain = resolveMetricsConfig({});
    const https = resolveMetricsConfig({ metrics: { tls } });
    const renamed = resolveMetricsConfig({
      metrics: { tls: { ...tls, cert_file: "/tls/new.pem" } },
    });
    const mutual = resolveMetricsConfig({
      metrics: { tls: { ...tls, client_ca_file: "/tls/ca.pem" } },
    });
    expect(metricsConfigChanges(https, renamed)).toMatchObject({
      live: ["metrics.tls.cert_file"],
      restart: [],
    });
    const on = metricsConfigChanges(plain, https);
    expect(on).toMatchObject({ live: [], restart: ["metrics.tls (HTTPS on/off)"] });
    expect(on.running.tls).toBeUndefined();
    expect(metricsConfigChanges(https, plain).restart).toEqual(["metrics.tls (HTTPS on/off)"]);
    expect(metricsConfigChanges(https, mutual)).toMatchObject({
      live: [],
      restart: ["metrics.tls.client_ca_file (mutual TLS on/off)"],
    });
  });
});
