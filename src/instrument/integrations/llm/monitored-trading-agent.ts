/** @module Seed 002's MonitoredTradingAgent: an AI agent's analyses and its decisions by action and conviction. */

import type { AiAction } from "../../../catalog/label-values.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";

/** A decision of the agent: what to do with a symbol, and how sure it is (0-1). */
export interface AgentDecision {
  readonly action: AiAction;
  readonly conviction?: number;
}

/** The analysis an agent runs for one symbol (it may call an instrumented LLM client). */
export type AnalyzeFunction<D extends AgentDecision> = (symbol: string) => Promise<D> | D;

/**
 * Wraps an agent's `analyze(symbol)`: each call counts an analysis (`ai_analyses_total`);
 * its decision counts by symbol and action (`ai_decisions_total`) and observes its
 * conviction (`ai_decision_conviction`). A failed analysis counts no decision. The model
 * requests inside it are recorded by the instrumented client (`instrumentAnthropic`,
 * `instrumentOpenAI`).
 *
 * @example
 * const agent = new MonitoredTradingAgent(recorder, async (symbol) => askClaude(symbol));
 * const decision = await agent.analyze("BTC/USDT");
 */
export class MonitoredTradingAgent<D extends AgentDecision = AgentDecision> {
  private readonly recorder: TradingRecorder;
  private readonly analyzeSymbol: AnalyzeFunction<D>;

  constructor(recorder: TradingRecorder, analyze: AnalyzeFunction<D>) {
    this.recorder = recorder;
    this.analyzeSymbol = analyze;
  }

  /** Analyses `symbol` and records the analysis and its decision. */
  async analyze(symbol: string): Promise<D> {
    this.recorder.recordAiAnalysis();
    const decision = await this.analyzeSymbol(symbol);
    const conviction = decision.conviction;
    this.recorder.recordAiDecision(
      symbol,
      decision.action,
      conviction === undefined ? undefined : Math.min(1, Math.max(0, conviction)),
    );
    return decision;
  }
}
