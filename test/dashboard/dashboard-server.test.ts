import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { dashboardPaths, mountDashboard } from "../../src/dashboard/mount-dashboard.js";
import { StaticAsset } from "../../src/dashboard/server/static-asset.js";
import type { RangeHistory, StreamMessage } from "../../src/dashboard/types.js";
import { type MetricsServer, startMetricsServer } from "../../src/exporter/metrics-server.js";
import { Registry } from "../../src/metrics/index.js";
import { createRecorder } from "../../src/recorder/index.js";

let server: MetricsServer | undefined;

afterEach(async () => {
  await server?.close({ graceMs: 200 });
  server = undefined;
});

async function start(auth?: { type: "bearer"; token: string }) {
  const registry = new Registry();
  const recorder = createRecorder({ registry });
  server = await startMetricsServer({ port: 0, registry, auth });
  const dashboard = mountDashboard(server, { registry, sampleIntervalMs: 100, title: "bot <1>" });
  return { registry, recorder, dashboard, url: server.url };
}

/** Reads server-sent events from `url` until `count` `sample` events arrived. */
async function readSamples(url: string, count: number): Promise<StreamMessage[]> {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: StreamMessage[] = [];
  let buffer = "";
  while (messages.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith("event: sample\n")) {
        messages.push(JSON.parse(block.slice(block.indexOf("data: ") + 6)) as StreamMessage);
      }
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return messages;
}

describe("dashboard routes", () => {
  it("serves the page, its script and uPlot from the installed package, revalidated by ETag", async () => {
    const { url } = await start();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>bot &#60;1&#62; · live dashboard</title>");
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const chart = await fetch(`${url}${dashboardPaths.chartScript}`);
    const installed = await readFile(
      createRequire(import.meta.url).resolve("uplot/dist/uPlot.iife.min.js"),
    );
    expect(Buffer.from(await chart.arrayBuffer()).equals(installed)).toBe(true);
    const etag = chart.headers.get("etag")!;
    const again = await fetch(`${url}${dashboardPaths.chartScript}`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    const license = await fetch(`${url}${dashboardPaths.chartLicense}`);
    expect(await license.text()).toContain("MIT");
  });

  it("streams a new state after each sample and answers each range's history", async () => {
    const { url, recorder } = await start();
    recorder.recordCycle({ durationSeconds: 0.05, status: "success" });
    recorder.updatePortfolioMetrics({ totalValueUsd: 5000 });
    const messages = await readSamples(`${url}${dashboardPaths.stream}`, 3);
    expect(messages).toHaveLength(3);
    const sequences = messages.map((message) => message.state.sequence);
    expect(sequences[2]).toBeGreaterThan(sequences[0]!);
    expect(messages[2]!.state.stats.nav).toBe(5000);
    expect(messages[2]!.points["5m"]?.values.nav).toBe(5000);
    const history = (await (
      await fetch(`${url}${dashboardPaths.history}?range=5m`)
    ).json()) as RangeHistory;
    expect(history.times.length).toBeGreaterThanOrEqual(3);
    expect(history.series.nav?.at(-1)).toBe(5000);
    const wrong = await fetch(`${url}${dashboardPaths.history}?range=2d`);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toContain('Invalid range "2d"');
  });

  it("follows the server's auth and ends its streams when the server closes", async () => {
    const { url, dashboard } = await start({ type: "bearer", token: "secret" });
    expect((await fetch(`${url}/`)).status).toBe(401);
    expect((await fetch(`${url}${dashboardPaths.state}`)).status).toBe(401);
    const response = await fetch(`${url}${dashboardPaths.stream}`, {
      headers: { authorization: "Bearer secret" },
    });
    expect(response.status).toBe(200);
    await expect.poll(() => dashboard.clients).toBe(1);
    const body = response.text();
    await server!.close({ graceMs: 2000 });
    server = undefined;
    await body;
    expect(dashboard.clients).toBe(0);
  });

  it("names the missing file when an asset was not shipped", () => {
    expect(() => StaticAsset.fromFile("/nonexistent/app.js", "text/javascript")).toThrow(
      /Dashboard asset "\/nonexistent\/app.js" could not be read/,
    );
  });
});
