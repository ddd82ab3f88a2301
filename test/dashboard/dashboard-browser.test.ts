import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gauge } from "../../src/metrics/index.js";
import { parseScrape, type Sample } from "../instrument/parse-scrape.js";
import { type RunningDashboardBot, startDashboardBot } from "./running-bot.js";

const screenshots = join(process.cwd(), "test-results", "dashboard");

let running: RunningDashboardBot;
let context: BrowserContext;
let profile: string;

/** The raw value the page holds for a stat (`data-value`), as a number; NaN when empty. */
async function statValue(page: Page, stat: string): Promise<number> {
  const text = await page.locator(`[data-stat="${stat}"]`).first().getAttribute("data-value");
  return text === null || text === "" ? Number.NaN : Number(text);
}

async function sequence(page: Page): Promise<number> {
  return Number((await page.locator("body").getAttribute("data-sequence")) ?? "0");
}

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${running.url}/metrics`);
  expect(response.status).toBe(200);
  return parseScrape(await response.text());
}

function sum(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const matching = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  expect(matching.length, `${name} ${JSON.stringify(labels)} in /metrics`).toBeGreaterThan(0);
  return matching.reduce((total, sample) => total + sample.value, 0);
}

describe("embedded dashboard in headless Chromium", () => {
  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    running = await startDashboardBot({ seed: 7, faults: { serverError: 0.05, timeout: 0.02 } });
    profile = await mkdtemp(join(tmpdir(), "tradewatch-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
      viewport: { width: 1366, height: 900 },
      offline: false,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await running?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  it("loads every asset from the bot, fills the panels and updates them live", async () => {
    const page = await context.newPage();
    const external: string[] = [];
    const failed: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(running.url)) external.push(request.url());
    });
    page.on("requestfailed", (request) => failed.push(request.url()));
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });

    await page.goto(`${running.url}/`);
    await expect.poll(() => statValue(page, "nav"), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-chart="nav"]')?.getAttribute("data-points")) >= 3,
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.locator("#connection").textContent()).toBe("live");
    expect(await page.locator('[data-chart="nav"] canvas').count()).toBe(1);
    expect(await page.locator('[data-chart="nav"]').getAttribute("data-empty")).toBe("false");
    expect(await page.locator("#breakers .switch").count()).toBeGreaterThanOrEqual(5);
    expect(Number.isFinite(await statValue(page, "open_positions"))).toBe(true);
    expect(Number.isFinite(await statValue(page, "cycle_p95"))).toBe(true);
    expect(await page.locator("#stages tbody tr").count()).toBeGreaterThan(1);
    expect(await page.locator("#feeds tbody tr[data-symbol]").count()).toBeGreaterThan(0);

    // Live: new samples arrive over the event stream, without a reload.
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "same page";
    });
    const before = await sequence(page);
    const pointsBefore = Number(
      await page.locator('[data-chart="nav"]').getAttribute("data-points"),
    );
    await expect.poll(() => sequence(page), { timeout: 10_000 }).toBeGreaterThan(before + 2);
    const pointsAfter = Number(
      await page.locator('[data-chart="nav"]').getAttribute("data-points"),
    );
    expect(pointsAfter).toBeGreaterThan(pointsBefore);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      "same page",
    );
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);

    // Let a few fills happen so the trades table and side totals have rows, then look.
    await expect
      .poll(() => page.locator("#trades tbody tr:not(:has(.empty))").count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, "desktop.png"), fullPage: true });

    // The time range switches to the 1 h tier and back without reloading.
    await page.click('[data-range="1h"]');
    await expect
      .poll(() => page.locator('[data-range="1h"]').getAttribute("aria-pressed"))
      .toBe("true");
    expect(page.url()).toMatch(/#1h$/);
    await page.click('[data-range="5m"]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-chart="nav"]')?.getAttribute("data-points")) >= 3,
    );

    expect(external).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("turns the kill switch panel red and shows a halt banner when the kill switch trips", async () => {
    const page = await context.newPage();
    await page.goto(`${running.url}/`);
    await expect.poll(() => statValue(page, "nav"), { timeout: 20_000 }).toBeGreaterThan(0);
    // The injected faults may hold a breaker open (and the banner up); no kill switch is on.
    expect(await page.locator("#halt-banner").textContent()).not.toContain("KILL SWITCH");

    running.bot.setKillSwitch(true, "browser test");

    const tile = page.locator('#kill-switches .switch[data-name="manual"]');
    await expect.poll(() => tile.getAttribute("class"), { timeout: 10_000 }).toContain("tripped");
    expect(await tile.locator(".verdict").textContent()).toBe("ACTIVE");
    const card = page.locator('[data-panel="kill-switches"]');
    expect(await card.getAttribute("class")).toContain("tripped");
    const red = "rgb(224, 47, 68)";
    expect(await tile.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(red);
    const banner = page.locator("#halt-banner");
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain("KILL SWITCH ACTIVE: manual");
    expect(await banner.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(red);
    const scraped = await scrape();
    expect(sum(scraped, "tradewatch_kill_switch_active", { switch_type: "manual" })).toBe(1);
    await page.screenshot({ path: join(screenshots, "kill-switch.png"), fullPage: false });

    running.bot.setKillSwitch(false, "browser test done");
    await expect.poll(() => tile.getAttribute("class"), { timeout: 10_000 }).toContain("safe");
    expect(await page.locator("#halt-banner").textContent()).not.toContain("KILL SWITCH");
    await page.close();
  }, 60_000);

  it("turns the breaker panel and the API error streak red when injected faults trip breakers", async () => {
    // Every exchange call answers 503: exchange_health and api_health trip within a few calls.
    const faulty = await startDashboardBot({ seed: 11, faults: { serverError: 1 } });
    const page = await context.newPage();
    try {
      await page.goto(`${faulty.url}/`);
      const tile = page.locator('#breakers .switch[data-name="api_health"]');
      await expect.poll(() => tile.getAttribute("class"), { timeout: 20_000 }).toContain("tripped");
      expect(await tile.locator(".verdict").textContent()).toBe("TRIPPED");
      expect(await tile.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
        "rgb(224, 47, 68)",
      );
      expect(await page.locator('[data-panel="breakers"]').getAttribute("class")).toContain(
        "tripped",
      );
      expect(await page.locator("#halt-banner").textContent()).toContain("CIRCUIT BREAKER TRIPPED");
      await expect
        .poll(() => page.locator('[data-panel="api-streak"]').getAttribute("class"), {
          timeout: 10_000,
        })
        .toContain("tripped");
      const scraped = parseScrape(await (await fetch(`${faulty.url}/metrics`)).text());
      expect(sum(scraped, "tradewatch_circuit_breaker_open", { breaker: "api_health" })).toBe(1);
      expect(sum(scraped, "tradewatch_exchange_api_consecutive_errors")).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(screenshots, "breaker-tripped.png"), fullPage: false });
    } finally {
      await page.close();
      await faulty.close();
    }
  }, 60_000);

  it("shows the same numbers as /metrics at the same moment", async () => {
    const page = await context.newPage();
    await page.goto(`${running.url}/`);
    await expect.poll(() => statValue(page, "nav"), { timeout: 20_000 }).toBeGreaterThan(0);
    // Freeze the registry: stop the loop, then wait for a sample taken after it stopped.
    await running.pause();
    const frozenAt = await sequence(page);
    await expect.poll(() => sequence(page), { timeout: 10_000 }).toBeGreaterThan(frozenAt + 1);
    const scraped = await scrape();

    const pairs: [string, number][] = [
      ["nav", sum(scraped, "tradewatch_portfolio_value_usd")],
      ["cash", sum(scraped, "tradewatch_portfolio_cash_usd")],
      ["daily_pnl", sum(scraped, "tradewatch_portfolio_daily_pnl_usd")],
      ["open_positions", sum(scraped, "tradewatch_portfolio_open_positions")],
      ["pending_orders", sum(scraped, "tradewatch_portfolio_pending_orders")],
      ["fill_ratio", sum(scraped, "tradewatch_order_fill_ratio")],
      [
        "exposure_at_risk",
        sum(scraped, "tradewatch_portfolio_exposure_ratio", { type: "at_risk" }),
      ],
      ["api_consecutive_errors", sum(scraped, "tradewatch_exchange_api_consecutive_errors")],
    ];
    for (const [stat, expected] of pairs) {
      expect(await statValue(page, stat), stat).toBeCloseTo(expected, 9);
    }
    for (const side of ["buy", "sell"]) {
      const cellValue = await page
        .locator(`#side-totals td[data-key="filled:${side}"]`)
        .getAttribute("data-value");
      expect(Number(cellValue), `filled ${side}`).toBe(
        sum(scraped, "tradewatch_orders_filled_total", { side }),
      );
    }
    // NaN in the registry shows as a dash that says why on hover, never as NaN or 0; missing
    // statistics say what feeds them.
    (running.registry.getSingleMetric("tradewatch_portfolio_cash_usd") as Gauge).set(Number.NaN);
    const cash = page.locator('[data-stat="cash"]');
    await expect.poll(() => cash.textContent(), { timeout: 10_000 }).toBe("–");
    expect(await cash.getAttribute("title")).toBe(
      "not defined: the bot reports it as not a number (NaN)",
    );
    expect(await page.locator("#performance tbody").textContent()).toContain(
      "Fed by the trade journal",
    );
    const requests = await page.locator('[data-total="api_requests"]').getAttribute("data-value");
    expect(Number(requests)).toBe(sum(scraped, "tradewatch_exchange_api_requests_total"));
    for (const tile of await page.locator("#breakers .switch").all()) {
      const name = (await tile.getAttribute("data-name"))!;
      const shown = await tile.getAttribute("data-value");
      const series = scraped.filter(
        (sample) =>
          sample.name === "tradewatch_circuit_breaker_open" && sample.labels.breaker === name,
      );
      if (series.length === 0) expect(shown, `breaker ${name}`).toBe("");
      else expect(Number(shown), `breaker ${name}`).toBe(series[0]!.value);
    }
    await page.close();
  }, 60_000);

  it("is readable on a phone-sized screen", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${running.url}/`);
    await expect.poll(() => statValue(page, "nav"), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-chart="nav"]')?.getAttribute("data-points")) >= 2,
      undefined,
      { timeout: 20_000 },
    );
    // Nothing wider than the screen: the page never scrolls sideways (tables scroll inside).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const chartWidth = await page
      .locator('[data-chart="nav"] canvas')
      .evaluate((canvas) => canvas.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(250);
    expect(chartWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshots, "phone.png"), fullPage: true });
    await page.screenshot({ path: join(screenshots, "phone-top.png"), fullPage: false });
    const sections = await page.locator("main > section").all();
    for (const [index, section] of sections.entries()) {
      await section.screenshot({ path: join(screenshots, `phone-section-${index + 1}.png`) });
    }
    await page.close();
  }, 60_000);
});
