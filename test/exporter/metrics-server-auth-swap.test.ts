/** @module MetricsServer.setAuth: credentials swapped on a running server (what a SIGHUP reload does), and the warning when auth is turned off on a network-bound server. */
import { describe, expect, it } from "vitest";
import { startMetricsServer } from "../../src/exporter/metrics-server.js";
import { Registry } from "../../src/metrics/index.js";

describe("MetricsServer.setAuth", () => {
  it("refuses the old token and accepts the new one from the next request, on the same port", async () => {
    const server = await startMetricsServer({
      port: 0,
      registry: new Registry(),
      auth: { type: "bearer", token: "old" },
    });
    const status = async (token?: string) =>
      (
        await fetch(`${server.url}/metrics`, {
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        })
      ).status;
    try {
      expect([await status("old"), await status("new")]).toEqual([200, 401]);
      server.setAuth({ type: "bearer", token: "new" });
      expect([await status("old"), await status("new")]).toEqual([401, 200]);
      server.setAuth({ type: "basic", username: "prometheus", password: "pw" });
      const basic = Buffer.from("prometheus:pw").toString("base64");
      const answer = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Basic ${basic}` },
      });
      expect([answer.status, await status("new")]).toEqual([200, 401]);
      server.setAuth(undefined);
      expect(await status()).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("warns when auth is turned off on a server bound beyond loopback, not on 127.0.0.1", async () => {
    const lines: string[] = [];
    const open = await startMetricsServer({
      host: "0.0.0.0",
      port: 0,
      registry: new Registry(),
      auth: { type: "bearer", token: "t" },
      warn: (line) => lines.push(`open: ${line}`),
    });
    const local = await startMetricsServer({
      port: 0,
      registry: new Registry(),
      auth: { type: "bearer", token: "t" },
      warn: (line) => lines.push(`local: ${line}`),
    });
    try {
      expect(lines).toEqual([]);
      open.setAuth(undefined);
      local.setAuth(undefined);
      expect(lines).toEqual([
        `open: tradewatch: WARNING: http://0.0.0.0:${open.port} is reachable from the network WITHOUT authentication (anyone who can reach it can read metrics and use its routes); set METRICS_AUTH_TOKEN or metrics.auth in tradewatch.yaml, or bind 127.0.0.1`,
      ]);
    } finally {
      await Promise.all([open.close(), local.close()]);
    }
  });
});
