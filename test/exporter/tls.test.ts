/** @module HTTPS on the metrics server: the real Prometheus scrapes it with tls_config, the dashboard and the plane servers answer over TLS, plain HTTP is refused, a renewed certificate is served after a reload, mutual TLS turns away clients without a certificate, and unusable TLS files are config errors naming the key and the path. */
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountDashboard } from "../../src/dashboard/mount-dashboard.js";
import { ConfigError } from "../../src/exporter/config-error.js";
import { loadMetricsConfig } from "../../src/exporter/load-metrics-config.js";
import { resolveMetricsConfig } from "../../src/exporter/metrics-config.js";
import { type Exporter, startExporter } from "../../src/exporter/start-exporter.js";
import { Counter, Registry } from "../../src/metrics/index.js";
import { findSamples } from "../instrument/parse-scrape.js";
import { freePort } from "../support/free-port.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";
import {
  createCertificateAuthority,
  issueCertificate,
  TEST_SERVER_NAME,
  type TestCertificate,
  type TestCertificateAuthority,
} from "../support/tls-certificates.js";
import { httpsGet } from "./https-get.js";

let dir: string;
let firstCa: TestCertificateAuthority;
let secondCa: TestCertificateAuthority;
let firstServer: TestCertificate;
let secondServer: TestCertificate;
let client: TestCertificate;
/** Where the exporter's config points: the first server certificate, later overwritten by the second. */
let served: { certFile: string; keyFile: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tradewatch-tls-"));
  firstCa = await createCertificateAuthority(dir, "first");
  secondCa = await createCertificateAuthority(dir, "second");
  firstServer = await issueCertificate(dir, firstCa, "server-first", "server");
  secondServer = await issueCertificate(dir, secondCa, "server-second", "server");
  client = await issueCertificate(dir, firstCa, "client", "client");
  await mkdir(join(dir, "live"));
  served = { certFile: join(dir, "live", "cert.pem"), keyFile: join(dir, "live", "key.pem") };
  await copyFile(firstServer.certFile, served.certFile);
  await copyFile(firstServer.keyFile, served.keyFile);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the metrics server over HTTPS", () => {
  let exporter: Exporter;
  let prometheus: PrometheusServer;
  let port: number;
  let dataPort: number;
  const registry = new Registry();

  beforeAll(async () => {
    new Counter({
      name: "orders_filled_total",
      help: "Orders filled.",
      labelNames: ["side"],
      registers: [registry],
    }).inc({ side: "buy" }, 7);
    [port, dataPort] = [await freePort(), await freePort()];
    const config = resolveMetricsConfig(
      { metrics: { port, planes: { data: { port: dataPort } } } },
      { METRICS_TLS_CERT_FILE: served.certFile, METRICS_TLS_KEY_FILE: served.keyFile },
    );
    exporter = await startExporter(config, { registry });
    const server = exporter.server;
    if (server === undefined) throw new Error("no server");
    mountDashboard(server, { registry, title: "tls dashboard" });
    prometheus = await startPrometheus({
      scrapeConfigs: [
        {
          job_name: "over_tls",
          scheme: "https",
          tls_config: { ca_file: firstCa.certFile, server_name: TEST_SERVER_NAME },
          static_configs: [{ targets: [`127.0.0.1:${port}`] }],
        },
        {
          job_name: "plain_http",
          scheme: "http",
          static_configs: [{ targets: [`127.0.0.1:${port}`] }],
        },
      ],
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  it("is scraped by Prometheus over TLS (target up, samples stored); the same port over plain HTTP is down", async () => {
    expect(exporter.server?.url).toBe(`https://127.0.0.1:${port}`);
    const filled = await prometheus.waitForVector('orders_filled_total{job="over_tls",side="buy"}');
    expect(filled[0]?.value[1]).toBe("7");
    const up = await prometheus.waitForVector("up", (result) => result.length === 2);
    const byJob = Object.fromEntries(up.map((sample) => [sample.metric.job, sample.value[1]]));
    expect(byJob).toEqual({ over_tls: "1", plain_http: "0" });
    const plain = (await prometheus.targets()).find((target) => target.scrapePool === "plain_http");
    expect(plain?.health).toBe("down");
    expect(plain?.lastError).not.toBe("");
  });

  it("serves the dashboard page and the plane server over HTTPS to a client trusting the CA", async () => {
    const page = await httpsGet(`https://127.0.0.1:${port}/`, {
      ca: firstCa.cert,
      serverName: TEST_SERVER_NAME,
    });
    expect(page).toMatchObject({ ok: true, status: 200 });
    if (!page.ok) return;
    expect(page.contentType).toContain("text/html");
    expect(page.body).toContain("tls dashboard");
    const state = await httpsGet(`https://127.0.0.1:${port}/dashboard/api/state`, {
      ca: firstCa.cert,
      serverName: TEST_SERVER_NAME,
    });
    expect(state).toMatchObject({ ok: true, status: 200 });
    const plane = await httpsGet(`https://127.0.0.1:${dataPort}/metrics`, {
      ca: firstCa.cert,
      serverName: TEST_SERVER_NAME,
    });
    expect(plane).toMatchObject({ ok: true, status: 200 });
    if (plane.ok) expect(findSamples(plane.body, "orders_filled_total")[0]?.value).toBe(7);
  });

  it("refuses plain HTTP and clients that do not trust its CA", async () => {
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    const untrusting = await httpsGet(`https://127.0.0.1:${port}/metrics`, {
      ca: secondCa.cert,
      serverName: TEST_SERVER_NAME,
    });
    expect(untrusting.ok).toBe(false);
  });

  it("serves a renewed certificate to new connections after a reload, on the same port", async () => {
    await copyFile(secondServer.certFile, served.certFile);
    await copyFile(secondServer.keyFile, served.keyFile);
    const changes = await exporter.reload(
      resolveMetricsConfig(
        { metrics: { port, planes: { data: { port: dataPort } } } },
        { METRICS_TLS_CERT_FILE: served.certFile, METRICS_TLS_KEY_FILE: served.keyFile },
      ),
    );
    expect(changes.live).toEqual(["metrics.tls (the files' contents)"]);
    expect(changes.restart).toEqual([]);
    for (const url of [
      `https://127.0.0.1:${port}/metrics`,
      `https://127.0.0.1:${dataPort}/metrics`,
    ]) {
      expect(
        await httpsGet(url, { ca: secondCa.cert, serverName: TEST_SERVER_NAME }),
      ).toMatchObject({ ok: true, status: 200 });
      expect((await httpsGet(url, { ca: firstCa.cert, serverName: TEST_SERVER_NAME })).ok).toBe(
        false,
      );
    }
  });
});

describe("mutual TLS (metrics.tls.client_ca_file)", () => {
  it("answers only clients presenting a certificate the client CA signed", async () => {
    const port = await freePort();
    const exporter = await startExporter(
      resolveMetricsConfig({
        metrics: {
          port,
          tls: {
            cert_file: firstServer.certFile,
            key_file: firstServer.keyFile,
            client_ca_file: firstCa.certFile,
          },
        },
      }),
      { registry: new Registry() },
    );
    try {
      const url = `https://127.0.0.1:${port}/metrics`;
      const anonymous = await httpsGet(url, { ca: firstCa.cert, serverName: TEST_SERVER_NAME });
      expect(anonymous.ok).toBe(false);
      const withCertificate = await httpsGet(url, {
        ca: firstCa.cert,
        serverName: TEST_SERVER_NAME,
        clientCert: { cert: client.cert, key: client.key },
      });
      expect(withCertificate).toMatchObject({ ok: true, status: 200 });
      const foreignCertificate = await httpsGet(url, {
        ca: firstCa.cert,
        serverName: TEST_SERVER_NAME,
        clientCert: { cert: secondServer.cert, key: secondServer.key },
      });
      expect(foreignCertificate.ok).toBe(false);
    } finally {
      await exporter.close();
    }
  });
});

describe("TLS settings that cannot work", () => {
  const load = async (env: Record<string, string>): Promise<string> => {
    try {
      await loadMetricsConfig({ env, cwd: dir });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return "no error";
  };

  it("names the key and the path of a missing file, a non-PEM file, a directory and a key of another certificate", async () => {
    expect(
      await load({
        METRICS_TLS_CERT_FILE: join(dir, "nope.pem"),
        METRICS_TLS_KEY_FILE: firstServer.keyFile,
      }),
    ).toBe(
      `Invalid config "METRICS_TLS_CERT_FILE": was ${JSON.stringify(join(dir, "nope.pem"))}, the file does not exist`,
    );
    expect(
      await load({
        METRICS_TLS_CERT_FILE: firstServer.keyFile,
        METRICS_TLS_KEY_FILE: firstServer.keyFile,
      }),
    ).toBe(
      `Invalid config "METRICS_TLS_CERT_FILE": was ${JSON.stringify(firstServer.keyFile)}, does not hold a PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
    expect(
      await load({ METRICS_TLS_CERT_FILE: firstServer.certFile, METRICS_TLS_KEY_FILE: dir }),
    ).toBe(
      `Invalid config "METRICS_TLS_KEY_FILE": was ${JSON.stringify(dir)}, is a directory, must be a PEM file`,
    );
    expect(
      await load({
        METRICS_TLS_CERT_FILE: firstServer.certFile,
        METRICS_TLS_KEY_FILE: secondServer.keyFile,
      }),
    ).toBe(
      `Invalid config "METRICS_TLS_KEY_FILE": was ${JSON.stringify(secondServer.keyFile)}, is not the private key of the certificate in ${JSON.stringify(firstServer.certFile)}`,
    );
  });

  it("wants a certificate and a key together, and a client CA only with them", () => {
    const message = (document: unknown): string => {
      try {
        resolveMetricsConfig(document);
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      return "no error";
    };
    expect(message({ metrics: { tls: { cert_file: "/etc/tw/cert.pem" } } })).toBe(
      'Invalid config "metrics.tls.cert_file": was "/etc/tw/cert.pem", was set without "metrics.tls.key_file"; HTTPS needs both',
    );
    expect(message({ metrics: { tls: { client_ca_file: "/etc/tw/ca.pem" } } })).toBe(
      'Invalid config "metrics.tls.client_ca_file": was "/etc/tw/ca.pem", needs "metrics.tls.cert_file" and "metrics.tls.key_file" (mutual TLS is served over HTTPS)',
    );
    expect(message({ metrics: { tls: { cert_flie: "/etc/tw/cert.pem" } } })).toContain(
      'Unknown config key "metrics.tls.cert_flie": did you mean "metrics.tls.cert_file"?',
    );
  });
});
