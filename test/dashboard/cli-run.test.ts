import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import type { DashboardState } from "../../src/dashboard/types.js";
import { freePort } from "../support/free-port.js";

let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

describe("tradewatch run", () => {
  it("serves the live dashboard beside /metrics on its port", async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "run",
        "--port",
        String(port),
        "--quiet",
        "--no-journal",
        "--duration",
        "60",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const url = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await fetch(`${url}/`).catch(() => undefined))?.status, {
        timeout: 30_000,
      })
      .toBe(200);
    expect(await (await fetch(`${url}/`)).text()).toContain("live dashboard");
    await expect
      .poll(
        async () => {
          const state = (await (
            await fetch(`${url}/dashboard/api/state`)
          ).json()) as DashboardState;
          return state.stats.nav;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain("tradewatch_portfolio_value_usd");
  }, 90_000);
});
