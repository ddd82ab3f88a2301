/** @module The recorder's AI part: analyses, decisions and conviction, model requests, their latency and cost. */

import type { AiAction } from "../../../catalog/label-values.js";
import { observeCall } from "../../observe-call.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

const noArguments: readonly [] = [];

/** Records the AI domain. */
export class AiPart
  implements
    Pick<
      TradingRecorder,
      "recordAiAnalysis" | "recordAiDecision" | "trackAiRequest" | "recordAiRequest"
    >
{
  private readonly decisions;
  private readonly requests;
  private readonly requestDuration;
  private readonly cost;
  private readonly analyses: HandleOf<"counter">;
  private readonly conviction: HandleOf<"histogram">;

  constructor(families: CatalogFamilies) {
    this.decisions = families.get("ai_decisions");
    this.requests = families.get("ai_requests");
    this.requestDuration = families.get("ai_request_duration");
    this.cost = families.get("ai_cost");
    this.analyses = families.get("ai_analyses").handle0();
    this.conviction = families.get("ai_conviction").handle0();
  }

  recordAiAnalysis(): void {
    this.analyses.inc();
  }

  recordAiDecision(symbol: string, action: AiAction, conviction?: number): void {
    this.decisions.handle2(symbol, action).inc();
    if (conviction !== undefined) this.conviction.observe(conviction);
  }

  trackAiRequest<T>(model: string, costUsd: number, request: () => T): T {
    return observeCall(request, undefined, noArguments, (failed, _thrown, seconds) =>
      this.recordAiRequest(model, seconds, failed ? 0 : costUsd, !failed),
    );
  }

  recordAiRequest(model: string, seconds: number, costUsd = 0, succeeded = true): void {
    this.requests.handle2(model, succeeded ? "success" : "error").inc();
    this.requestDuration.handle1(model).observe(seconds);
    if (costUsd > 0) this.cost.handle1(model).inc(costUsd);
  }
}
