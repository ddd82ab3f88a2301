/** @module `tradewatch run --influx-url`: the registry and the bot's trade events (fills, closed positions) written to InfluxDB 1.x through one batching, retrying, bounded InfluxWriter. */
import { hostname } from "node:os";
import type { Bot } from "../../bot/bot.js";
import { subscribeTradeEventPoints } from "../../bot/telemetry/influx-trade-events.js";
import { ConfigError } from "../../exporter/config-error.js";
import { InfluxWriter } from "../../exporter/influx/influx-writer.js";
import type { Registry } from "../../metrics/index.js";
import { numberOption } from "../number-option.js";

/** The help lines of the InfluxDB flags. */
export const influxHelp = `InfluxDB (off unless a URL is given)
  --influx-url <url>        InfluxDB 1.x base URL (env TRADEWATCH_INFLUX_URL), e.g.
                            http://127.0.0.1:8086: every interval the registry is written there,
                            and every fill (measurement fills: tags symbol, side, strategy, bot;
                            fields price, quantity, fee, notional) and closed position
                            (positions_closed) at its own time; user and password from
                            TRADEWATCH_INFLUX_USERNAME / TRADEWATCH_INFLUX_PASSWORD
  --influx-database <db>    database (env TRADEWATCH_INFLUX_DATABASE, default tradewatch)
  --influx-interval <s>     seconds between writes (default 15)`;

/** What `tradewatch run` writes to InfluxDB. */
export interface InfluxRunSettings {
  readonly url: string;
  readonly database: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly intervalSeconds: number;
  /** The `bot` tag of the trade events. */
  readonly bot: string;
}

/** The flags' values, as parseArgs gives them. */
export interface InfluxFlagValues {
  readonly "influx-url"?: string | undefined;
  readonly "influx-database"?: string | undefined;
  readonly "influx-interval"?: string | undefined;
}

/**
 * Returns the InfluxDB settings from the flags (over the environment), or undefined when no URL
 * is given; a URL that is not http(s) is a `ConfigError` naming the flag and the value.
 *
 * @example influxSettings({ "influx-url": "http://127.0.0.1:8086" }, {}, "paper") // database "tradewatch", every 15 s
 */
export function influxSettings(
  values: InfluxFlagValues,
  env: NodeJS.ProcessEnv,
  bot: string,
): InfluxRunSettings | undefined {
  const url = values["influx-url"] ?? env.TRADEWATCH_INFLUX_URL;
  const intervalSeconds = numberOption("influx-interval", values["influx-interval"], 0.01, 86_400);
  if (url === undefined || url === "") return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = "";
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new ConfigError(
      "influx-url",
      `Invalid --influx-url "${url}": must be an http:// or https:// URL such as http://127.0.0.1:8086`,
    );
  }
  const database = values["influx-database"] ?? env.TRADEWATCH_INFLUX_DATABASE ?? "tradewatch";
  if (database.trim() === "") {
    throw new ConfigError(
      "influx-database",
      `Invalid --influx-database "${database}": must not be empty`,
    );
  }
  return {
    url,
    database,
    username: env.TRADEWATCH_INFLUX_USERNAME || undefined,
    password: env.TRADEWATCH_INFLUX_PASSWORD || undefined,
    intervalSeconds: intervalSeconds ?? 15,
    bot,
  };
}

/** A running InfluxDB push. */
export interface InfluxPush {
  readonly writer: InfluxWriter;
  /** Stops the subscription and the periodic writes, then writes what is buffered (waiting at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Creates the database (`CREATE DATABASE` does nothing when it exists); a failure is one
 * warning line, not fatal: InfluxDB may come up later, or the user may lack the privilege.
 */
async function createDatabase(settings: InfluxRunSettings): Promise<void> {
  const headers: Record<string, string> = {};
  if (settings.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ""}`).toString("base64")}`;
  }
  const query = `CREATE DATABASE "${settings.database.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  try {
    const response = await fetch(`${settings.url.replace(/\/+$/, "")}/query`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ q: query }),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok || text.includes('"error"'))
      throw new Error(`${response.status}: ${text.trim()}`);
  } catch (error) {
    console.error(
      `tradewatch run: could not create InfluxDB database "${settings.database}" at "${settings.url}": ${error instanceof Error ? error.message : String(error)}; writes fail until it exists`,
    );
  }
}

/**
 * Creates the database if needed, then starts writing `registry` every interval and the bot's
 * fills and closed positions as they happen (buffered, written with the next registry
 * snapshot) to InfluxDB.
 */
export async function startInfluxPush(
  bot: Pick<Bot, "bus">,
  registry: Registry,
  settings: InfluxRunSettings,
): Promise<InfluxPush> {
  await createDatabase(settings);
  const writer = new InfluxWriter({
    target: {
      version: 1,
      url: settings.url,
      database: settings.database,
      username: settings.username,
      password: settings.password,
    },
    registry,
    tags: { job: "tradewatch", instance: hostname(), bot: settings.bot },
  });
  const unsubscribe = subscribeTradeEventPoints(bot.bus, writer, { bot: settings.bot });
  writer.start(settings.intervalSeconds);
  return {
    writer,
    async stop(timeoutMs = 5_000) {
      unsubscribe();
      writer.stop();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      try {
        const outcome = await Promise.race([
          writer.writeRegistry().then(() => "written"),
          timedOut,
        ]);
        if (outcome === "timeout") {
          console.error(
            `tradewatch run: InfluxDB write to "${settings.url}" did not finish within ${timeoutMs} ms; ${writer.buffered} points not written`,
          );
        }
      } catch (error) {
        console.error(
          `tradewatch run: ${error instanceof Error ? error.message : String(error)}; ${writer.buffered} points not written`,
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
