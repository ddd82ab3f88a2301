import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, MetricsConfigError } from "./config-error.js";
import { loadMetricsConfig } from "./load-metrics-config.js";
import { metricsConfigKey, resolveMetricsConfig } from "./metrics-config.js";

describe("resolveMetricsConfig", () => {
  it("defaults: enabled on 127.0.0.1:9100/metrics, gzip on, no auth, no planes, no push", () => {
    expect(resolveMetricsConfig(undefined)).toEqual({
      enabled: true,
      host: "127.0.0.1",
      port: 9100,
      path: "/metrics",
      gzip: true,
      auth: undefined,
      allowedHosts: [],
      maxBodyBytes: 65_536,
      maxLabelValueBytes: 2048,
      planes: {},
      pushgateway: { url: undefined, job: "tradewatch", intervalSeconds: 15, grouping: {} },
      remoteWrite: { url: undefined, intervalSeconds: 15 },
      tls: undefined,
      logLevel: "info",
    });
  });

  it("reads every key of the metrics section", () => {
    const config = resolveMetricsConfig({
      metrics: {
        enabled: false,
        host: "0.0.0.0",
        port: 9200,
        path: "/internal/metrics",
        gzip: false,
        auth: { username: "prometheus", password: "pw" },
        allowed_hosts: ["bot.internal", "proxy.example:8443"],
        max_body_bytes: 1024,
        max_label_value_bytes: 256,
        planes: { data: { port: 8000 }, order: { port: 8001 }, strategy: { port: 8002 } },
        pushgateway: {
          url: "http://127.0.0.1:9091",
          job: "backtest",
          interval_seconds: 5,
          grouping: { instance: "bot-1", run: 42 },
        },
        remote_write: { url: "http://127.0.0.1:9090/api/v1/write", interval_seconds: 1.5 },
        tls: {
          cert_file: "/etc/tw/cert.pem",
          key_file: "/etc/tw/key.pem",
          client_ca_file: "/etc/tw/ca.pem",
        },
      },
      log: { level: "WARN" },
    });
    expect(config).toEqual({
      enabled: false,
      host: "0.0.0.0",
      port: 9200,
      path: "/internal/metrics",
      gzip: false,
      auth: { type: "basic", username: "prometheus", password: "pw" },
      allowedHosts: ["bot.internal", "proxy.example:8443"],
      maxBodyBytes: 1024,
      maxLabelValueBytes: 256,
      planes: { data: 8000, order: 8001, strategy: 8002 },
      pushgateway: {
        url: "http://127.0.0.1:9091",
        job: "backtest",
        intervalSeconds: 5,
        grouping: { instance: "bot-1", run: "42" },
      },
      remoteWrite: { url: "http://127.0.0.1:9090/api/v1/write", intervalSeconds: 1.5 },
      tls: {
        certFile: "/etc/tw/cert.pem",
        keyFile: "/etc/tw/key.pem",
        clientCaFile: "/etc/tw/ca.pem",
      },
      logLevel: "warn",
    });
  });

  it("lets environment variables override the file", () => {
    const config = resolveMetricsConfig(
      { metrics: { port: 9200, enabled: false, host: "0.0.0.0" } },
      {
        METRICS_PORT: "9300",
        METRICS_ENABLED: "yes",
        METRICS_HOST: "",
        METRICS_AUTH_TOKEN: "t0ken",
        METRICS_ORDER_PLANE_PORT: "8001",
        METRICS_PUSHGATEWAY_GROUPING: "instance=bot-1, region=eu",
        METRICS_PUSHGATEWAY_URL: "http://pushgateway:9091",
      },
    );
    expect(config.port).toBe(9300);
    expect(config.enabled).toBe(true);
    expect(config.host).toBe("0.0.0.0");
    expect(config.auth).toEqual({ type: "bearer", token: "t0ken" });
    expect(config.planes).toEqual({ order: 8001 });
    expect(config.pushgateway.url).toBe("http://pushgateway:9091");
    expect(config.pushgateway.grouping).toEqual({ instance: "bot-1", region: "eu" });
  });

  it("reads the HTTP-guard and label-limit settings from the environment, and refuses bad ones", () => {
    const config = resolveMetricsConfig(undefined, {
      METRICS_ALLOWED_HOSTS: "bot.internal, proxy.example:8443",
      METRICS_MAX_BODY_BYTES: "4096",
      METRICS_MAX_LABEL_VALUE_BYTES: "512",
    });
    expect(config.allowedHosts).toEqual(["bot.internal", "proxy.example:8443"]);
    expect(config.maxBodyBytes).toBe(4096);
    expect(config.maxLabelValueBytes).toBe(512);
    expect(() => resolveMetricsConfig({ metrics: { max_body_bytes: -1 } })).toThrow(
      'Invalid config "metrics.max_body_bytes": was -1, must be an integer number of bytes, 0 or more',
    );
    expect(() => resolveMetricsConfig({ metrics: { max_label_value_bytes: 0 } })).toThrow(
      'Invalid config "metrics.max_label_value_bytes": was 0, must be an integer number of bytes, 1 or more',
    );
    expect(() => resolveMetricsConfig({ metrics: { allowed_hosts: ["http://x/"] } })).toThrow(
      /Invalid config "metrics.allowed_hosts": was \["http:\/\/x\/"\], must be a list of host names/,
    );
  });

  it("reads log.level from the file or TRADEWATCH_LOG_LEVEL, and refuses other levels", () => {
    expect(resolveMetricsConfig({ log: { level: "error" } }).logLevel).toBe("error");
    expect(
      resolveMetricsConfig({ log: { level: "error" } }, { TRADEWATCH_LOG_LEVEL: "warn" }).logLevel,
    ).toBe("warn");
    expect(() => resolveMetricsConfig({ log: { level: "verbose" } })).toThrow(
      'Invalid config "log.level": was "verbose", must be one of info, warn, error',
    );
    expect(() => resolveMetricsConfig({ log: { levle: "info" } })).toThrow(
      'Unknown config key "log.levle": did you mean "log.level"?',
    );
  });

  it("maps the seeds' keys: monitoring.metrics.* (000), monitoring.prometheus_* (001), PROMETHEUS_ENABLED (004)", () => {
    expect(
      resolveMetricsConfig({ monitoring: { metrics: { enabled: true, port: 9100 } } }),
    ).toMatchObject({
      enabled: true,
      port: 9100,
    });
    const seed001 = resolveMetricsConfig({
      monitoring: {
        prometheus_enabled: false,
        prometheus_port: 8000,
        metrics_enabled: true,
        metrics_port: 9090,
      },
    });
    expect(seed001).toMatchObject({ enabled: false, port: 8000 });
    expect(resolveMetricsConfig({}, { PROMETHEUS_ENABLED: "false" }).enabled).toBe(false);
  });

  it("refuses a seed key and our key that disagree, naming both", () => {
    expect(() =>
      resolveMetricsConfig({ monitoring: { prometheus_port: 8000 }, metrics: { port: 9100 } }),
    ).toThrow(
      'Conflicting config "metrics.port": was 9100 while "monitoring.prometheus_port" was 8000; set one of them',
    );
    expect(
      resolveMetricsConfig({ monitoring: { prometheus_port: 8000 }, metrics: { port: 8000 } }).port,
    ).toBe(8000);
  });

  it.each([
    [
      { metrics: { port: "abc" } },
      {},
      'Invalid config "metrics.port": was "abc", must be an integer 1-65535',
    ],
    [
      { metrics: { port: 0 } },
      {},
      'Invalid config "metrics.port": was 0, must be an integer 1-65535',
    ],
    [
      { metrics: { port: 70000 } },
      {},
      'Invalid config "metrics.port": was 70000, must be an integer 1-65535',
    ],
    [
      { metrics: { port: 9100.5 } },
      {},
      'Invalid config "metrics.port": was 9100.5, must be an integer 1-65535',
    ],
    [
      {},
      { METRICS_PORT: "91OO" },
      'Invalid config "METRICS_PORT": was "91OO", must be an integer 1-65535',
    ],
    [
      {},
      { METRICS_ENABLED: "maybe" },
      'Invalid config "METRICS_ENABLED": was "maybe", must be true or false (or 1/0, yes/no, on/off)',
    ],
    [
      { metrics: { enabled: "sometimes" } },
      {},
      'Invalid config "metrics.enabled": was "sometimes", must be true or false',
    ],
    [
      { monitoring: { prometheus_port: "x" } },
      {},
      'Invalid config "monitoring.prometheus_port": was "x", must be an integer 1-65535',
    ],
    [
      { metrics: { host: "bad host!" } },
      {},
      'Invalid config "metrics.host": was "bad host!", must be an IP address or a host name',
    ],
    [
      { metrics: { path: "metrics" } },
      {},
      'Invalid config "metrics.path": was "metrics", must start with "/"',
    ],
    [{ metrics: { path: "/health" } }, {}, 'Invalid config "metrics.path": was "/health"'],
    [
      { metrics: { prot: 9100 } },
      {},
      'Unknown config key "metrics.prot": did you mean "metrics.port"? Known keys under "metrics" are enabled, host, port',
    ],
    [{ metrics: { auth: { tokne: "x" } } }, {}, 'Unknown config key "metrics.auth.tokne"'],
    [
      { metrics: { planes: { risk: { port: 8003 } } } },
      {},
      'Unknown config key "metrics.planes.risk"',
    ],
    [
      { metrics: { planes: { data: { port: "8k" } } } },
      {},
      'Invalid config "metrics.planes.data.port": was "8k"',
    ],
    [
      { metrics: { pushgateway: { url: "pushgateway:9091" } } },
      {},
      'Invalid config "metrics.pushgateway.url": was "pushgateway:9091", must be an absolute http:// or https:// URL',
    ],
    [
      {},
      { METRICS_REMOTE_WRITE_URL: "not a url" },
      'Invalid config "METRICS_REMOTE_WRITE_URL": was "not a url"',
    ],
    [
      { metrics: { pushgateway: { interval_seconds: -1 } } },
      {},
      'Invalid config "metrics.pushgateway.interval_seconds": was -1, must be a number of seconds greater than 0',
    ],
    [
      { metrics: { pushgateway: { grouping: { job: "x" } } } },
      {},
      'Invalid config "metrics.pushgateway.grouping": was {"job":"x"}, must use valid label names other than "job"',
    ],
    [
      { metrics: { auth: { token: "t", username: "u" } } },
      {},
      'Invalid config "metrics.auth.token": was set together with "metrics.auth.username"',
    ],
    [
      { metrics: { auth: { username: "u" } } },
      {},
      'Invalid config "metrics.auth.username": was set without a password, must come with "metrics.auth.password"',
    ],
    [{ metrics: 5 }, {}, 'Invalid config "metrics": was 5, must be a mapping'],
  ])("rejects %j %j", (document, env, message) => {
    let thrown: unknown;
    try {
      resolveMetricsConfig(document, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MetricsConfigError);
    expect((thrown as MetricsConfigError).code).toBe("ERR_INVALID_CONFIG");
    expect((thrown as Error).message).toContain(message);
  });

  it.each([
    [{ metric: { auth: { token: "x" } } }, 'Unknown config key "metric": did you mean "metrics"?'],
    [{ Metrics: { port: 9100 } }, 'Unknown config key "Metrics": did you mean "metrics"?'],
    [{ trading: { symbols: [] } }, 'Unknown config key "trading": known keys at the top'],
    [
      { metrics: { auth: { tokn: "x" } } },
      'Unknown config key "metrics.auth.tokn": did you mean "metrics.auth.token"?',
    ],
    [
      { metrics: { planes: { data: { prt: 8000 } } } },
      'Unknown config key "metrics.planes.data.prt": did you mean "metrics.planes.data.port"?',
    ],
    [
      { metrics: { remote_write: { address: "x" } } },
      'Unknown config key "metrics.remote_write.address": known keys under "metrics.remote_write" are url, interval_seconds',
    ],
    [
      { monitoring: { prometheus_prot: 8000 } },
      'Unknown config key "monitoring.prometheus_prot": did you mean "monitoring.prometheus_port"?',
    ],
    [
      { monitoring: { metrics: { enabeld: true } } },
      'Unknown config key "monitoring.metrics.enabeld": did you mean "monitoring.metrics.enabled"?',
    ],
  ])("refuses the unknown key of %j, suggesting the nearest known key", (document, message) => {
    expect(() => resolveMetricsConfig(document)).toThrow(message);
  });

  it("accepts seed 001's monitoring keys for its Prometheus server, and ignores them", () => {
    const config = resolveMetricsConfig({
      monitoring: {
        prometheus_enabled: true,
        prometheus_port: 8000,
        metrics_enabled: true,
        metrics_port: 9090,
      },
    });
    expect(config.port).toBe(8000);
  });

  it.each([
    [{ metrics: { auth: { token: "   " } } }, {}, 'Invalid config "metrics.auth.token": was blank'],
    [{ metrics: { auth: { token: "" } } }, {}, 'Invalid config "metrics.auth.token": was empty'],
    [{}, { METRICS_AUTH_TOKEN: " " }, 'Invalid config "METRICS_AUTH_TOKEN": was blank'],
    [{}, { METRICS_AUTH_TOKEN: "\t\n" }, 'Invalid config "METRICS_AUTH_TOKEN": was blank'],
    [
      {},
      { METRICS_AUTH_USERNAME: "prometheus", METRICS_AUTH_PASSWORD: "  " },
      'Invalid config "METRICS_AUTH_PASSWORD": was blank',
    ],
    [
      { metrics: { auth: { username: " ", password: "pw" } } },
      {},
      'Invalid config "metrics.auth.username": was blank',
    ],
  ])("refuses a blank secret: %j %j", (document, env, message) => {
    expect(() => resolveMetricsConfig(document, env)).toThrow(message);
  });

  it("reports every violation at once, one line each, in one ConfigError", () => {
    let thrown: unknown;
    try {
      resolveMetricsConfig(
        { metric: {}, metrics: { port: "abc", gzip: "sometimes", auth: { tokn: "x" } } },
        { METRICS_HOST: "bad host!", METRICS_AUTH_TOKEN: " " },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.code).toBe("ERR_INVALID_CONFIG");
    expect(error.violations.map((violation) => violation.key).sort()).toEqual([
      "METRICS_AUTH_TOKEN",
      "METRICS_HOST",
      "metric",
      "metrics.auth.tokn",
      "metrics.gzip",
      "metrics.port",
    ]);
    const lines = error.message.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines).toEqual(error.violations.map((violation) => violation.message));
    expect(error.key).toBe(error.violations[0]?.key);
  });

  it("refuses a plane port that the main server or another plane has", () => {
    expect(() => resolveMetricsConfig({ metrics: { planes: { data: { port: 9100 } } } })).toThrow(
      'Invalid config "metrics.planes.data.port": was 9100, the port of "metrics.port"; each server needs a port of its own',
    );
    expect(() =>
      resolveMetricsConfig(
        { metrics: { planes: { data: { port: 8000 } } } },
        { METRICS_ORDER_PLANE_PORT: "8000" },
      ),
    ).toThrow(
      'Invalid config "METRICS_ORDER_PLANE_PORT": was 8000, the port of "metrics.planes.data.port"',
    );
  });

  it("tells the key as written that set each value", () => {
    const config = resolveMetricsConfig(
      { metrics: { path: "/m" }, monitoring: { prometheus_port: 8000 } },
      { METRICS_HOST: "0.0.0.0" },
    );
    expect(metricsConfigKey(config, "path")).toBe("metrics.path");
    expect(metricsConfigKey(config, "port")).toBe("monitoring.prometheus_port");
    expect(metricsConfigKey(config, "host")).toBe("METRICS_HOST");
    expect(metricsConfigKey(config, "gzip")).toBeUndefined();
  });

  it("never echoes a secret in an error", () => {
    expect(() =>
      resolveMetricsConfig({ metrics: { auth: { token: { nested: "s3cret" } } } }),
    ).toThrow(/^Invalid config "metrics.auth.token": must be a non-empty string$/);
  });
});

describe("loadMetricsConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "tradewatch-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads tradewatch.yaml from the working directory, env overriding it", async () => {
    writeFileSync(join(dir, "tradewatch.yaml"), "metrics:\n  port: 9200\n  gzip: false\n");
    const config = await loadMetricsConfig({ cwd: dir, env: { METRICS_PORT: "9300" } });
    expect(config.port).toBe(9300);
    expect(config.gzip).toBe(false);
  });

  it("runs on defaults without a file, but a named file must exist and parse", async () => {
    const empty = mkdtempSync(join(dir, "empty-"));
    expect((await loadMetricsConfig({ cwd: empty, env: {} })).port).toBe(9100);
    await expect(
      loadMetricsConfig({ cwd: empty, env: { TRADEWATCH_CONFIG: "missing.yaml" } }),
    ).rejects.toThrow(/Invalid config file ".*missing\.yaml": does not exist/);
    writeFileSync(join(dir, "broken.yaml"), "metrics: [port: 1\n");
    await expect(loadMetricsConfig({ path: join(dir, "broken.yaml"), env: {} })).rejects.toThrow(
      /Invalid config file ".*broken\.yaml": not valid YAML/,
    );
  });
});
