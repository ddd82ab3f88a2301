/** @module SIGHUP reloads a running `tradewatch run` (the real CLI, spawned, serving HTTPS): a new token replaces the old one, push targets start, a renewed certificate is served, the log level changes, keys that need a restart are named, and a bad file keeps the running configuration. */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { httpsGet } from "../exporter/https-get.js";
import { type PushgatewayServer, startPushgateway } from "../exporter/pushgateway-server.js";
import { findSamples } from "../instrument/parse-scrape.js";
import { freePort } from "../support/free-port.js";
import {
  createCertificateAuthority,
  issueCertificate,
  TEST_SERVER_NAME,
  type TestCertificate,
  type TestCertificateAuthority,
} from "../support/tls-certificates.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("tradewatch run reloads tradewatch.yaml on SIGHUP", () => {
  let dir: string;
  let configFile: string;
  let firstCa: TestCertificateAuthority;
  let secondCa: TestCertificateAuthority;
  let secondServer: TestCertificate;
  let live: { cert_file: string; key_file: string };
  let gateway: PushgatewayServer;
  let child: ChildProcess;
  let stderr = "";
  let exitCode: Promise<number | null>;
  let port: number;

  /** Waits until stderr holds a line matching `pattern` after `from`, and returns that line. */
  const nextLine = async (pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = stderr
        .slice(from)
        .split("\n")
        .find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (child.exitCode !== null) {
        throw new Error(`tradewatch run exited (${child.exitCode}); stderr:\n${stderr}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`No line matching ${pattern} within ${timeoutMs} ms; stderr:\n${stderr}`);
      }
      await sleep(50);
    }
  };
  const hangUp = async (pattern: RegExp): Promise<string> => {
    const from = stderr.length;
    child.kill("SIGHUP");
    return await nextLine(pattern, from);
  };
  const metricsWith = (token: string) =>
    httpsGet(`https://127.0.0.1:${port}/metrics`, {
      ca: firstCa.cert,
      serverName: TEST_SERVER_NAME,
      headers: { authorization: `Bearer ${token}` },
    });
  const writeConfig = (document: unknown) =>
    writeFile(configFile, typeof document === "string" ? document : stringify(document));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tradewatch-reload-"));
    firstCa = await createCertificateAuthority(dir, "first");
    secondCa = await createCertificateAuthority(dir, "second");
    const firstServer = await issueCertificate(dir, firstCa, "server-first", "server");
    secondServer = await issueCertificate(dir, secondCa, "server-second", "server");
    await mkdir(join(dir, "tls"));
    live = { cert_file: join(dir, "tls", "cert.pem"), key_file: join(dir, "tls", "key.pem") };
    await copyFile(firstServer.certFile, live.cert_file);
    await copyFile(firstServer.keyFile, live.key_file);
    gateway = await startPushgateway();
    port = await freePort();
    configFile = join(dir, "tradewatch.yaml");
    await writeConfig({ metrics: { port, auth: { token: "old-token" }, tls: live } });
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) =>
          !name.startsWith("METRICS_") &&
          !name.startsWith("TRADEWATCH_") &&
          name !== "PROMETHEUS_ENABLED",
      ),
    );
    child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/bin.ts", "run", "--no-journal", "--seed", "7"],
      {
        cwd: root,
        env: { ...env, NO_COLOR: "1", TRADEWATCH_CONFIG: configFile },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
    });
    exitCode = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    await nextLine(/^tradewatch run: paper trading/, 0, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      child.kill("SIGKILL");
      await exitCode;
    }
    await gateway?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves HTTPS with the file's token at start", async () => {
    expect(stderr).toContain(`metrics at https://127.0.0.1:${port}/metrics`);
    const answer = await metricsWith("old-token");
    expect(answer).toMatchObject({ ok: true, status: 200 });
    expect(await metricsWith("new-token")).toMatchObject({ ok: true, status: 401 });
  });

  it("applies a new token, push target and log level live, and names the key that needs a restart", async () => {
    const otherPort = await freePort();
    await writeConfig({
      metrics: {
        port: otherPort,
        auth: { token: "new-token" },
        tls: live,
        pushgateway: { url: gateway.url, job: "reload-test", interval_seconds: 0.2 },
      },
      log: { level: "warn" },
    });
    const line = await hangUp(/configuration reloaded|reload failed/);
    expect(line).toBe(
      "tradewatch run: configuration reloaded: applied metrics.auth, log.level, metrics.pushgateway.url, metrics.pushgateway.job, metrics.pushgateway.interval_seconds; needs a restart to apply: metrics.port",
    );
    expect(await metricsWith("old-token")).toMatchObject({ ok: true, status: 401 });
    const answer = await metricsWith("new-token");
    expect(answer).toMatchObject({ ok: true, status: 200 });
    // The port stays where it was until a restart.
    await expect(fetch(`http://127.0.0.1:${otherPort}/health`)).rejects.toThrow();
    const deadline = Date.now() + 10_000;
    let pushed: readonly unknown[] = [];
    while (pushed.length === 0 && Date.now() < deadline) {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      pushed = findSamples(text, "push_time_seconds", { job: "reload-test" });
      if (pushed.length === 0) await sleep(100);
    }
    expect(pushed.length).toBeGreaterThan(0);
  });

  it("serves a renewed certificate written over the same files", async () => {
    await copyFile(secondServer.certFile, live.cert_file);
    await copyFile(secondServer.keyFile, live.key_file);
    const line = await hangUp(/configuration reloaded|reload failed/);
    expect(line).toBe(
      "tradewatch run: configuration reloaded: applied metrics.tls (the files' contents); needs a restart to apply: metrics.port",
    );
    const url = `https://127.0.0.1:${port}/metrics`;
    const headers = { authorization: "Bearer new-token" };
    expect(
      await httpsGet(url, { ca: secondCa.cert, serverName: TEST_SERVER_NAME, headers }),
    ).toMatchObject({ ok: true, status: 200 });
    expect(
      (await httpsGet(url, { ca: firstCa.cert, serverName: TEST_SERVER_NAME, headers })).ok,
    ).toBe(false);
  });

  it("keeps running the previous configuration when the new file is invalid, in one line", async () => {
    const ask = () =>
      httpsGet(`https://127.0.0.1:${port}/metrics`, {
        ca: secondCa.cert,
        serverName: TEST_SERVER_NAME,
        headers: { authorization: "Bearer new-token" },
      });
    await writeConfig({ metrics: { port: "abc", auth: { token: "third-token" }, tls: live } });
    expect(await hangUp(/configuration reloaded|reload failed/)).toBe(
      'tradewatch run: reload failed, still running the previous configuration: Invalid config "metrics.port": was "abc", must be an integer 1-65535',
    );
    expect(await ask()).toMatchObject({ ok: true, status: 200 });

    const missing = join(dir, "tls", "gone.pem");
    await writeConfig({
      metrics: { auth: { token: "third-token" }, tls: { ...live, key_file: missing } },
    });
    expect(await hangUp(/configuration reloaded|reload failed/)).toBe(
      `tradewatch run: reload failed, still running the previous configuration: Invalid config "metrics.tls.key_file": was ${JSON.stringify(missing)}, the file does not exist`,
    );
    await writeConfig("metrics:\n  port: [unclosed\n");
    expect(await hangUp(/configuration reloaded|reload failed/)).toMatch(
      /^tradewatch run: reload failed, still running the previous configuration: Invalid config file ".*tradewatch\.yaml": not valid YAML/,
    );
    expect(await ask()).toMatchObject({ ok: true, status: 200 });
  });

  it("stops cleanly on SIGTERM, printing no info line at log.level warn", async () => {
    const from = stderr.length;
    child.kill("SIGTERM");
    expect(await exitCode).toBe(0);
    expect(stderr.slice(from)).not.toContain("stopping");
  });
});
