/** @module `tradewatch stack` against the machine's real Prometheus, Alertmanager and Pushgateway. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stack } from "../../src/cli/commands/stack.js";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import {
  type StackOptions,
  stackDown,
  stackStatus,
  stackUp,
} from "../../src/ops/stack/local-stack.js";
import { freePort } from "../support/free-port.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("stack up / down", () => {
  let options: StackOptions;

  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), "tradewatch-stack-"));
    options = {
      directory,
      bundle: {
        ...defaultBundleOptions,
        scrapeInterval: "1s",
        botTarget: `127.0.0.1:${await freePort()}`,
        prometheusTarget: `127.0.0.1:${await freePort()}`,
        alertmanagerTarget: `127.0.0.1:${await freePort()}`,
        pushgatewayTarget: `127.0.0.1:${await freePort()}`,
      },
      environment: { ALERT_WEBHOOK_TOKEN: "from-the-environment" },
    };
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(options.directory, { recursive: true, force: true });
  });

  it("starts all three with the generated configuration, and stops them", async () => {
    const statuses = await stackUp(options);
    expect(statuses.map((status) => [status.component.name, status.running])).toEqual([
      ["prometheus", true],
      ["alertmanager", true],
      ["pushgateway", true],
    ]);
    const prometheus = `http://${options.bundle.prometheusTarget}`;

    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: { name: string; rules: unknown[] }[] };
    };
    expect(rules.data.groups.map((group) => [group.name, group.rules.length])).toEqual([
      ["tradewatch-alerts", 18],
      ["tradewatch-recording", 22],
    ]);

    // A pushed series reaches Prometheus with the pusher's job label (honor_labels).
    const push = await fetch(`http://${options.bundle.pushgatewayTarget}/metrics/job/backtest`, {
      method: "PUT",
      body: "# TYPE tradewatch_backtest_bars_total counter\ntradewatch_backtest_bars_total 42\n",
    });
    expect(push.status).toBe(200);
    let value: string | undefined;
    for (let attempt = 0; attempt < 80 && value === undefined; attempt++) {
      const answer = (await (
        await fetch(
          `${prometheus}/api/v1/query?query=${encodeURIComponent('tradewatch_backtest_bars_total{job="backtest"}')}`,
        )
      ).json()) as { data: { result: { value: [number, string] }[] } };
      value = answer.data.result[0]?.value[1];
      if (value === undefined) await sleep(250);
    }
    expect(value).toBe("42");

    // A second `up` finds everything running and starts nothing twice.
    const again = await stackUp(options);
    expect(again.map((status) => status.pid)).toEqual(statuses.map((status) => status.pid));

    expect(await stackDown(options)).toEqual(["prometheus", "alertmanager", "pushgateway"]);
    expect((await stackStatus(options)).every((status) => !status.running)).toBe(true);
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
  });

  it("stack status exits 1 while nothing runs; bad ports are refused by name", async () => {
    expect(await stack(["status", "--dir", options.directory])).toBe(1);
    await expect(
      stack(["up", "--dir", options.directory, "--prometheus-port", "99999"]),
    ).rejects.toThrow('Invalid --prometheus-port "99999": must be a port between 1 and 65535');
  });

  it("names the apt-get command when a binary is missing", async () => {
    await expect(
      stackUp({ ...options, binaries: { pushgateway: "/nonexistent/prometheus-pushgateway" } }),
    ).rejects.toThrow(/sudo apt-get install prometheus-pushgateway/);
  });
});
