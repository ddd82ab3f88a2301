/** @module The metrics server's guard over real HTTP: Host (DNS rebinding), Origin and Content-Type on state-changing routes, body limits, and the no-auth warning. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MetricsServerOptions } from "../../src/exporter/metrics-server.js";
import { type MetricsServer, startMetricsServer } from "../../src/exporter/metrics-server.js";
import { readRequestBody } from "../../src/exporter/read-body.js";
import { Registry } from "../../src/metrics/index.js";

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** Sends one request with full control of its headers (fetch forbids setting Host). */
async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return await new Promise<Reply>((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A server with a kill switch that records what it was told, as `tradewatch run` mounts it. */
async function killSwitchServer(
  options: MetricsServerOptions = {},
): Promise<{ server: MetricsServer; calls: string[] }> {
  const calls: string[] = [];
  const server = await startMetricsServer({ port: 0, registry: new Registry(), ...options });
  server.route("POST", "/kill-switch", async (req, res, { maxBodyBytes }) => {
    calls.push(await readRequestBody(req, maxBodyBytes));
    res.setHeader("content-type", "application/json");
    res.end('{"ok":true}\n');
  });
  return { server, calls };
}

const json = { "content-type": "application/json" };
const disarm = '{"active":false}';

describe.each([
  ["without auth", undefined, {}],
  [
    "with bearer auth",
    { type: "bearer", token: "s3cret" } as const,
    { authorization: "Bearer s3cret" },
  ],
])("the kill switch %s", (_case, auth, credentials) => {
  let server: MetricsServer;
  let calls: string[];
  beforeAll(async () => {
    ({ server, calls } = await killSwitchServer({ auth }));
  });
  afterAll(() => server.close());

  it("refuses a cross-origin POST (what another web page's fetch sends) with 403", async () => {
    const reply = await send(`${server.url}/kill-switch`, {
      method: "POST",
      headers: { ...credentials, ...json, origin: "http://evil.example" },
      body: disarm,
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain("evil.example");
    const opaque = await send(`${server.url}/kill-switch`, {
      method: "POST",
      headers: { ...credentials, ...json, origin: "null" },
      body: disarm,
    });
    expect(opaque.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it.each([
    ["text/plain (a form or no-cors fetch)", "text/plain;charset=UTF-8"],
    ["a urlencoded form", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
  ])("refuses %s with 415", async (_name, type) => {
    const reply = await send(`${server.url}/kill-switch`, {
      method: "POST",
      headers: { ...credentials, "content-type": type },
      body: disarm,
    });
    expect(reply.status).toBe(415);
    expect(reply.body).toContain("application/json");
    expect(calls).toEqual([]);
  });

  it("refuses a POST without Content-Type with 415", async () => {
    const reply = await send(`${server.url}/kill-switch`, {
      method: "POST",
      headers: { ...credentials },
      body: disarm,
    });
    expect(reply.status).toBe(415);
    expect(calls).toEqual([]);
  });

  it("refuses a foreign Host (DNS rebinding) with 421 on every route", async () => {
    const host = `attacker.example:${server.port}`;
    for (const [method, path] of [
      ["POST", "/kill-switch"],
      ["GET", "/metrics"],
      ["GET", "/health"],
      ["GET", "/ready"],
      ["GET", "/nowhere"],
    ] as const) {
      const reply = await send(`${server.url}${path}`, {
        method,
        headers: { ...credentials, ...json, host, origin: `http://${host}` },
        ...(method === "POST" ? { body: disarm } : {}),
      });
      expect(reply.status, `${method} ${path}`).toBe(421);
    }
    const wrongPort = await send(`${server.url}/health`, {
      headers: { host: `127.0.0.1:${server.port + 1}` },
    });
    expect(wrongPort.status).toBe(421);
    expect(calls).toEqual([]);
  });

  it("accepts JSON from curl, from its own page, and under localhost names", async () => {
    for (const headers of [
      { ...json },
      { ...json, origin: server.url },
      { ...json, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` },
      { "content-type": "application/json; charset=utf-8", host: `[::1]:${server.port}` },
    ]) {
      const reply = await send(`${server.url}/kill-switch`, {
        method: "POST",
        headers: { ...credentials, ...headers },
        body: disarm,
      });
      expect(reply.status, JSON.stringify(headers)).toBe(200);
    }
    expect(calls).toEqual([disarm, disarm, disarm, disarm]);
    calls.length = 0;
  });
});

describe("allowed hosts", () => {
  it("serves configured names (any port, or the one given) and nothing else", async () => {
    const { server } = await killSwitchServer({
      allowedHosts: ["bot.internal", "proxy.example:8443"],
    });
    try {
      const status = async (host: string) =>
        (await send(`${server.url}/health`, { headers: { host } })).status;
      expect(await status("bot.internal")).toBe(200);
      expect(await status(`BOT.internal.:${server.port}`)).toBe(200);
      expect(await status("proxy.example:8443")).toBe(200);
      expect(await status("proxy.example:9999")).toBe(421);
      expect(await status("other.internal")).toBe(421);
    } finally {
      await server.close();
    }
  });

  it("serves every Host with *", async () => {
    const { server } = await killSwitchServer({ allowedHosts: ["*"] });
    try {
      const reply = await send(`${server.url}/health`, { headers: { host: "anything.example" } });
      expect(reply.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/** Streams `total` bytes in 1 MiB chunks (optionally chunked, without Content-Length); resolves with the status. */
async function sendLarge(
  url: string,
  total: number,
  declareLength: boolean,
): Promise<{ status: number; body: string; sent: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  return await new Promise((resolve, reject) => {
    let sent = 0;
    const req = request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(declareLength ? { "content-length": String(total) } : {}),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (text: string) => {
          body += text;
        });
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, sent });
        });
      },
    );
    req.on("error", (error) => {
      // The server closes the connection after its 413; a write may race that close.
      if (
        (error as NodeJS.ErrnoException).code !== "EPIPE" &&
        (error as NodeJS.ErrnoException).code !== "ECONNRESET"
      )
        reject(error);
    });
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe("request body limit", () => {
  let server: MetricsServer;
  let calls: string[];
  beforeAll(async () => {
    ({ server, calls } = await killSwitchServer({ maxBodyBytes: 1024 }));
  });
  afterAll(() => server.close());

  it("answers 413 to a declared Content-Length over the limit, on any route, without reading it", async () => {
    for (const path of ["/kill-switch", "/health", "/metrics"]) {
      const reply = await new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}${path}`, {
          method: path === "/kill-switch" ? "POST" : "GET",
          headers: { ...json, "content-length": String(256 * 1024 * 1024) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", reject);
        req.write("{");
      });
      expect(reply, path).toBe(413);
    }
    expect(calls).toEqual([]);
  });

  it("answers 413 to a chunked body once the streamed bytes pass the limit", async () => {
    const reply = await sendLarge(`${server.url}/kill-switch`, 8 * 1024 * 1024, false);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error).toBe(
      "Request body too large: more than 1024 bytes, must be at most 1024 bytes",
    );
    expect(calls).toEqual([]);
  });

  it("still reads a body under the limit", async () => {
    const reply = await send(`${server.url}/kill-switch`, {
      method: "POST",
      headers: json,
      body: disarm,
    });
    expect(reply.status).toBe(200);
    expect(calls).toEqual([disarm]);
    calls.length = 0;
  });

  it("keeps memory flat under a 256 MiB body (default 64 KiB limit)", async () => {
    const { server: big } = await killSwitchServer();
    try {
      global.gc?.();
      const before = process.memoryUsage().rss;
      for (const declareLength of [true, false]) {
        const reply = await sendLarge(`${big.url}/kill-switch`, 256 * 1024 * 1024, declareLength);
        expect(reply.status).toBe(413);
      }
      const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
      console.log(`RSS growth over two 256 MiB bodies: ${grown.toFixed(1)} MiB`);
      expect(grown).toBeLessThan(64);
    } finally {
      await big.close();
    }
  });
});

describe("binding to the network without auth", () => {
  it("warns with one line on stderr naming the address and how to set auth", async () => {
    const lines: string[] = [];
    const spy = vi
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    let server: MetricsServer | undefined;
    try {
      server = await startMetricsServer({ port: 0, host: "0.0.0.0", registry: new Registry() });
    } finally {
      spy.mockRestore();
      await server?.close();
    }
    const warnings = lines.filter((line) => line.includes("WARNING"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`http://0.0.0.0:${server!.port}`);
    expect(warnings[0]).toContain("WITHOUT authentication");
    expect(warnings[0]).toContain("METRICS_AUTH_TOKEN");
    expect(warnings[0]!.trimEnd()).not.toContain("\n");
  });

  it("stays quiet on loopback, and on the network with auth", async () => {
    const warn = vi.fn();
    const local = await startMetricsServer({ port: 0, registry: new Registry(), warn });
    const guarded = await startMetricsServer({
      port: 0,
      host: "0.0.0.0",
      registry: new Registry(),
      auth: { type: "bearer", token: "t" },
      warn,
    });
    await Promise.all([local.close(), guarded.close()]);
    expect(warn).not.toHaveBeenCalled();
  });
});
