import { describe, expect, it } from "vitest";
import { createBot } from "../../bot/bot.js";
import { MessageBus } from "../../bot/message-bus.js";
import { Portfolio } from "../../bot/portfolio/portfolio.js";
import { Journal } from "./journal.js";
import { restoreBotPortfolio } from "./restore-bot-portfolio.js";

function journalWithFills(): Journal {
  const journal = Journal.open({ path: ":memory:", initialCash: 10_000, maintenanceIntervalMs: 0 });
  const day = 86_400_000;
  journal.recordFill({
    fillId: "1",
    strategy: "trend",
    symbol: "BTC/USD",
    side: "buy",
    quantity: 0.013,
    price: 41_234.56,
    fee: 0.536,
    timestamp: day,
  });
  journal.recordFill({
    fillId: "2",
    strategy: "trend",
    symbol: "ETH/USD",
    side: "buy",
    quantity: 0.77,
    price: 2_233.1,
    fee: 1.72,
    timestamp: 2 * day,
  });
  journal.recordFill({
    fillId: "3",
    strategy: "trend",
    symbol: "BTC/USD",
    side: "sell",
    quantity: 0.013,
    price: 42_001.07,
    fee: 0.546,
    timestamp: 3 * day,
  });
  journal.recordFill({
    fillId: "4",
    strategy: "trend",
    symbol: "ETH/USD",
    side: "sell",
    quantity: 0.3,
    price: 2_301.9,
    fee: 0.69,
    timestamp: 4 * day,
  });
  return journal;
}

describe("restoreBotPortfolio", () => {
  it("books the journal's fills into a fresh bot portfolio and lands on the journal's state exactly", () => {
    const journal = journalWithFills();
    const portfolio = new Portfolio(new MessageBus(), { initialCash: 10_000 });
    const state = restoreBotPortfolio(journal, portfolio);
    expect(portfolio.cash).toBe(state.cash);
    expect(portfolio.realizedPnl).toBeCloseTo(state.realizedPnl, 9);
    expect(portfolio.quantity("ETH/USD")).toBe(0.77 - 0.3);
    expect(portfolio.quantity("BTC/USD")).toBe(0);
    expect(portfolio.feesPaid).toBeCloseTo(0.536 + 1.72 + 0.546 + 0.69, 12);
    journal.close();
  });

  it("refuses a bot that starts with other cash, naming both amounts", () => {
    const journal = journalWithFills();
    expect(() =>
      restoreBotPortfolio(journal, new Portfolio(new MessageBus(), { initialCash: 5_000 })),
    ).toThrow(
      `Journal ":memory:" cannot restore the bot's portfolio: the journal's initial cash and deposits are 10000, the bot started with 5000`,
    );
    journal.close();
  });

  it("refuses a journal whose fills were deleted by retention", () => {
    const journal = journalWithFills();
    journal.prune(5 * 86_400_000, 2.5 * 86_400_000);
    expect(() =>
      restoreBotPortfolio(journal, new Portfolio(new MessageBus(), { initialCash: 10_000 })),
    ).toThrow("2 of its 4 fills were deleted by retention");
    journal.close();
  });
});

describe("restoreBotPortfolio and the stop losses", () => {
  // A day that lost 4 % of NAV on a round trip, journaled with its equity snapshots.
  const day = Date.UTC(2024, 0, 3); // a Wednesday
  function losingDay(): Journal {
    const journal = Journal.open({
      path: ":memory:",
      initialCash: 100_000,
      maintenanceIntervalMs: 0,
    });
    journal.recordEquity({ timestamp: day - 3_600_000, equity: 100_000 });
    journal.recordEquity({ timestamp: day + 60_000, equity: 100_000 });
    const fill = { strategy: "trend_momentum", symbol: "BTC/USD", quantity: 1, fee: 0 };
    journal.recordFill({
      ...fill,
      fillId: "1",
      side: "buy",
      price: 42_000,
      timestamp: day + 120_000,
    });
    journal.recordFill({
      ...fill,
      fillId: "2",
      side: "sell",
      price: 38_000,
      timestamp: day + 180_000,
    });
    journal.recordEquity({ timestamp: day + 180_000, equity: 96_000 });
    return journal;
  }

  it("keeps the daily stop loss, weekly PnL and drawdown of the day the bot was restarted in", async () => {
    const bot = await createBot({ initialCash: 100_000 });
    restoreBotPortfolio(losingDay(), bot.portfolio);
    const later = day + 240_000;
    bot.portfolio.revalue(later);
    expect(bot.portfolio.dailyPnlPct).toBeCloseTo(-4, 9);
    expect(bot.portfolio.weeklyPnlPct).toBeCloseTo(-4, 9);
    expect(bot.portfolio.maxDrawdownPct).toBeCloseTo(4, 9);
    // The month (January) started at 100 000 too: its PnL survives the restart.
    expect(bot.portfolio.snapshot(later).monthlyPnl).toBeCloseTo(-4_000, 9);
    bot.risk.evaluate(later, later);
    // Before the baselines were restored, a restart reset them: 0 % today, no halt.
    expect(bot.killSwitch.isActive("daily_stop_loss")).toBe(true);
    expect(bot.killSwitch.isActive("weekly_stop_loss")).toBe(false);
  });

  it("starts a new day's baseline from the NAV of the new day once the day rolls", async () => {
    const bot = await createBot({ initialCash: 100_000 });
    restoreBotPortfolio(losingDay(), bot.portfolio);
    bot.portfolio.revalue(day + 86_400_000 + 60_000);
    expect(bot.portfolio.dailyPnlPct).toBe(0);
    expect(bot.portfolio.weeklyPnlPct).toBeCloseTo(-4, 9);
  });
});
