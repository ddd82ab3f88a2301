/**
 * @module A freshly started default bot (`tradewatch run` with a fresh journal, as `npm start`)
 * in headless Chromium: statistics that are not defined yet show a dash that says why on hover,
 * never `NaN`, `undefined` or `null`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardState } from "../../src/dashboard/types.js";
import { freePort } from "../support/free-port.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let bot: ChildProcess | undefined;
let botLog = "";
let url: string;
let dir: string;
let context: BrowserContext;

describe("embedded dashboard on a freshly started default bot", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tradewatch-undefined-values-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    bot = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "run",
        "--port",
        String(port),
        "--quiet",
        "--journal",
        join(dir, "paper.sqlite"),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    bot.stdout?.on("data", (chunk: Buffer) => (botLog += chunk.toString("utf8")));
    bot.stderr?.on("data", (chunk: Buffer) => (botLog += chunk.toString("utf8")));
    // Ready once the page's state has the journal's performance rows and a completed cycle.
    const deadline = Date.now() + 40_000;
    for (;;) {
      const response = await fetch(`${url}/dashboard/api/state`).catch(() => undefined);
      if (response?.ok === true) {
        const state = (await response.json()) as DashboardState;
        if (state.performance.length > 0 && typeof state.stats.nav === "number") break;
      }
      if (Date.now() > deadline)
        throw new Error(`tradewatch run was not ready in 40 s:\n${botLog}`);
      await sleep(250);
    }
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
      viewport: { width: 1366, height: 2400 },
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (bot !== undefined && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot?.once("exit", resolve));
      bot.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (bot.exitCode === null) bot.kill("SIGKILL");
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("shows undefined statistics as a titled dash, never as NaN, undefined or null", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${url}/`);
    await page.waitForFunction(
      () =>
        document.querySelectorAll("#performance tbody tr").length > 0 &&
        !document.querySelector("#performance tbody td.empty") &&
        Number(document.body.dataset.sequence) >= 3,
      undefined,
      { timeout: 20_000 },
    );

    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/\bNaN\b/);
    expect(text).not.toMatch(/\bundefined\b/);
    expect(text).not.toMatch(/\bnull\b/);
    expect(text).not.toMatch(/Infinity|\+Inf|-Inf/);

    // Every dash says on hover why it is one.
    const dashes = await page.locator("main *").evaluateAll((elements) =>
      elements
        .filter((element) => element.children.length === 0 && element.textContent === "–")
        .map((element) => ({
          where:
            element.getAttribute("data-stat") ??
            element.getAttribute("data-total") ??
            element.closest("tr")?.textContent ??
            element.className,
          title: element.getAttribute("title") ?? "",
        })),
    );
    expect(dashes.length).toBeGreaterThan(0);
    expect(dashes.filter((dash) => dash.title.trim() === "")).toEqual([]);

    // A fresh journal holds no market day yet: Sharpe is undefined, and says so.
    const sharpe = page.locator("#performance tbody tr").first().locator("td").nth(3);
    expect(await sharpe.textContent()).toBe("–");
    expect(await sharpe.getAttribute("title")).toMatch(/^Sharpe needs at least 2 daily returns/);

    await page.screenshot({ path: join(dir, "undefined-values.png"), fullPage: true });
    if (process.env.TRADEWATCH_SCREENSHOT !== undefined) {
      await page.screenshot({ path: process.env.TRADEWATCH_SCREENSHOT, fullPage: true });
    }
    expect(errors).toEqual([]);
    expect(bot?.exitCode, botLog).toBeNull();
  }, 60_000);
});
