/** @module `tradewatch run`'s AI-analyst step: with an LLM API key, the bot asks a model for an advisory decision every n cycles, through the instrumented SDK client and a MonitoredTradingAgent. */
import type { Bot } from "../../bot/bot.js";
import type { PortfolioUpdated } from "../../bot/events.js";
import { switchboard } from "../../bot/switchboard.js";
import { type AiAction, aiActions } from "../../catalog/label-values.js";
import { ConfigError } from "../../exporter/config-error.js";
import { instrumentAnthropic } from "../../instrument/integrations/llm/instrument-anthropic.js";
import { instrumentOpenAI } from "../../instrument/integrations/llm/instrument-openai.js";
import {
  type AgentDecision,
  MonitoredTradingAgent,
} from "../../instrument/integrations/llm/monitored-trading-agent.js";
import type { TradingRecorder } from "../../recorder/index.js";
import { numberOption } from "../number-option.js";

/** The help lines of the AI-analyst flags. */
export const aiAnalystHelp = `AI analyst (off unless ANTHROPIC_API_KEY or OPENAI_API_KEY is set; the SDK's own
ANTHROPIC_BASE_URL / OPENAI_BASE_URL apply)
  --ai-model <id>           model to ask (default claude-haiku-4-5; gpt-4o-mini with OpenAI)
  --ai-every <cycles>       ask every n cycles, one request at a time (default 50); the
                            decision is advisory: recorded (ai_decisions_total, conviction)
                            and logged, it does not change trading`;

/** Which SDK, which model, how often. */
export interface AiAnalystSettings {
  readonly provider: "anthropic" | "openai";
  readonly model: string;
  readonly everyCycles: number;
}

/** The flags' values, as parseArgs gives them. */
export interface AiAnalystFlagValues {
  readonly "ai-model"?: string | undefined;
  readonly "ai-every"?: string | undefined;
}

/**
 * Returns the analyst's settings, or undefined when no API key is set (the step is off, and no
 * SDK is imported). Anthropic is preferred when both keys are set.
 *
 * @example aiAnalystSettings({ "ai-every": "10" }, { ANTHROPIC_API_KEY: "sk-..." }) // claude-haiku-4-5 every 10 cycles
 */
export function aiAnalystSettings(
  values: AiAnalystFlagValues,
  env: NodeJS.ProcessEnv,
): AiAnalystSettings | undefined {
  const everyCycles = numberOption("ai-every", values["ai-every"], 1, 1_000_000);
  if (everyCycles !== undefined && !Number.isInteger(everyCycles)) {
    throw new ConfigError(
      "ai-every",
      `Invalid --ai-every "${values["ai-every"]}": must be a whole number of cycles`,
    );
  }
  const provider = env.ANTHROPIC_API_KEY ? "anthropic" : env.OPENAI_API_KEY ? "openai" : undefined;
  if (provider === undefined) return undefined;
  const model =
    values["ai-model"] ?? (provider === "anthropic" ? "claude-haiku-4-5" : "gpt-4o-mini");
  if (model.trim() === "")
    throw new ConfigError("ai-model", "Invalid --ai-model: must not be empty");
  return { provider, model, everyCycles: everyCycles ?? 50 };
}

/** Asks the model one question and returns its text answer. */
type Ask = (prompt: string) => Promise<string>;

/** Imports an optional peer SDK; one that is not installed is a one-line error naming the npm install. */
async function importSdk<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      "ai-model",
      `The AI analyst needs the ${name} package: npm install ${name} (${message.split("\n")[0]})`,
    );
  }
}

/** The instrumented client of `settings.provider`, as a one-question function. */
async function connect(settings: AiAnalystSettings, recorder: TradingRecorder): Promise<Ask> {
  const maxTokens = 200;
  if (settings.provider === "anthropic") {
    const sdk = await importSdk("@anthropic-ai/sdk", () => import("@anthropic-ai/sdk"));
    // No retries: a failed request is counted once, as the error it was.
    const client = instrumentAnthropic(new sdk.default({ maxRetries: 0 }), recorder);
    return async (prompt) => {
      const message = await client.messages.create({
        model: settings.model,
        max_tokens: maxTokens,
        messages: [{ role: "user", content: prompt }],
      });
      return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    };
  }
  const sdk = await importSdk("openai", () => import("openai"));
  const client = instrumentOpenAI(new sdk.default({ maxRetries: 0 }), recorder);
  return async (prompt) => {
    const completion = await client.chat.completions.create({
      model: settings.model,
      max_tokens: maxTokens,
      messages: [{ role: "user", content: prompt }],
    });
    return completion.choices[0]?.message.content ?? "";
  };
}

/** The decision in a model's answer: its first JSON object with an action and a conviction. */
export function parseDecision(answer: string): AgentDecision | undefined {
  const match = /\{[^{}]*\}/.exec(answer);
  if (match === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[0]);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const { action, conviction } = parsed as { action?: unknown; conviction?: unknown };
  if (typeof action !== "string" || !(aiActions as readonly string[]).includes(action)) {
    return undefined;
  }
  return {
    action: action as AiAction,
    ...(typeof conviction === "number" && Number.isFinite(conviction) ? { conviction } : {}),
  };
}

/** The running analyst. */
export interface AiAnalyst {
  /** Stops asking and waits (at most 5 s) for the request in flight. */
  stop(): Promise<void>;
}

/**
 * Starts the analyst: every `everyCycles` completed cycles, with no request in flight, it asks
 * the model about the next symbol in turn (its last price, the position held, NAV and cash)
 * through a {@link MonitoredTradingAgent}, so the analyses, the decisions by action and their
 * conviction are recorded, and the instrumented client records the request, its latency,
 * tokens, cost and errors. A failed request or an answer without a decision never stops the
 * bot: it is logged once per kind.
 */
export async function startAiAnalyst(
  bot: Bot,
  recorder: TradingRecorder,
  settings: AiAnalystSettings,
  log: (line: string) => void,
): Promise<AiAnalyst> {
  const ask = await connect(settings, recorder);
  const symbols = bot.market.symbols;
  const prices = new Map<string, number>();
  let portfolio: PortfolioUpdated | undefined;
  const agent = new MonitoredTradingAgent(recorder, async (symbol: string) => {
    const held = portfolio?.positions.find((position) => position.symbol === symbol);
    const prompt = [
      "You are the risk analyst of a paper-trading bot. Answer with one JSON object only:",
      '{"action": "buy" | "sell" | "hold", "conviction": <0..1>}.',
      `Symbol ${symbol}, last price ${prices.get(symbol) ?? "unknown"}.`,
      `Position held: ${held === undefined ? "none" : `${held.quantity} at ${held.averagePrice}`}.`,
      `Portfolio NAV ${portfolio?.nav.toFixed(2) ?? "unknown"}, cash ${portfolio?.cash.toFixed(2) ?? "unknown"}.`,
    ].join("\n");
    const decision = parseDecision(await ask(prompt));
    if (decision === undefined) throw new NoDecision();
    return decision;
  });
  const reported = new Set<string>();
  const once = (kind: string, line: string) => {
    if (reported.has(kind)) return;
    reported.add(kind);
    log(line);
  };
  let cycles = 0;
  let next = 0;
  let inFlight: Promise<void> | undefined;
  const unsubscribers = [
    bot.bus.subscribe(switchboard.allBars, (event) =>
      prices.set(event.bar.symbol, event.bar.close),
    ),
    bot.bus.subscribe(switchboard.portfolio, (event) => {
      portfolio = event;
    }),
    bot.bus.subscribe(switchboard.cycle, () => {
      cycles++;
      if (cycles % settings.everyCycles !== 0 || inFlight !== undefined || symbols.length === 0) {
        return;
      }
      const symbol = symbols[next++ % symbols.length]!;
      inFlight = agent
        .analyze(symbol)
        .then((decision) => {
          once(
            "decision",
            `AI analyst (${settings.model}): ${symbol} ${decision.action}, conviction ${decision.conviction ?? "none"} (advisory; later decisions are in ai_decisions_total)`,
          );
        })
        .catch((error: unknown) => {
          if (error instanceof NoDecision) {
            once(
              "no-decision",
              `AI analyst: an answer held no {"action", "conviction"} object; counted as an analysis without a decision`,
            );
          } else {
            const name = error instanceof Error ? error.constructor.name : typeof error;
            once(
              `error:${name}`,
              `AI analyst: a request failed (${name}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the bot trades on, errors are in ai_request_errors_total`,
            );
          }
        })
        .finally(() => {
          inFlight = undefined;
        });
    }),
  ];
  log(
    `AI analyst: ${settings.provider} ${settings.model}, every ${settings.everyCycles} cycles (advisory)`,
  );
  return {
    async stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      const pending = inFlight;
      if (pending !== undefined) {
        await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      }
    },
  };
}

/** An answer with no decision in it. */
class NoDecision extends Error {}
