/** @module Test fixture: the paper bot, its metrics subscriber, the metrics server and the dashboard, in-process. */
import { type Bot, type BotConfig, createBot } from "../../src/bot/bot.js";
import { createBotRecorder } from "../../src/bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../src/bot/telemetry/instrument-bot.js";
import { type Dashboard, mountDashboard } from "../../src/dashboard/mount-dashboard.js";
import { type MetricsServer, startMetricsServer } from "../../src/exporter/metrics-server.js";
import { Registry } from "../../src/metrics/index.js";

/** The running bot and what serves it. */
export interface RunningDashboardBot {
  readonly bot: Bot;
  readonly registry: Registry;
  readonly server: MetricsServer;
  readonly dashboard: Dashboard;
  /** Base URL of the server, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops the loop (the registry stops changing; the server keeps serving). */
  pause(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

/**
 * Assembles the bot the way `tradewatch run` does (bot, recorder over a fresh registry,
 * metrics subscriber on the bus, metrics server on a free port) and mounts the dashboard
 * on that server, then runs the bot's loop.
 */
export async function startDashboardBot(
  config: Partial<BotConfig> = {},
): Promise<RunningDashboardBot> {
  const bot = await createBot({ cycleIntervalMs: 100, ...config });
  const registry = new Registry();
  const recorder = createBotRecorder({
    registry,
    symbols: bot.market.symbols,
    constLabels: { environment: "paper" },
  });
  const subscriber = instrumentBot(bot, recorder);
  subscriber.start();
  const server = await startMetricsServer({ port: 0, registry, name: "tradewatch-bot" });
  const dashboard = mountDashboard(server, {
    registry,
    bus: bot.bus,
    namespace: recorder.namespace,
  });
  const loop = bot.run();
  let paused = false;
  const pause = async (): Promise<void> => {
    if (paused) return;
    paused = true;
    await bot.shutdown();
    await loop;
  };
  return {
    bot,
    registry,
    server,
    dashboard,
    url: server.url,
    pause,
    async close() {
      await pause();
      dashboard.close();
      subscriber.stop();
      bot.dispose();
      await server.close({ graceMs: 500 });
    },
  };
}
