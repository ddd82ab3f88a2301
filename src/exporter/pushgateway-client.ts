/** @module A Pushgateway client: PUT, POST and DELETE of a job's group, grouping labels encoded per the Pushgateway spec. */
import { PROMETHEUS_CONTENT_TYPE, type Registry, register } from "../metrics/index.js";
import { groupingPath } from "../metrics/pushgateway-grouping-path.js";
import { authorizationHeader } from "./authorization.js";
import { PeriodicTask } from "./periodic-task.js";
import { PushError } from "./push-error.js";
import type { MetricsAuth } from "./types.js";

/** Options of {@link PushgatewayClient}. */
export interface PushgatewayClientOptions {
  /** Base URL of the Pushgateway, e.g. `http://127.0.0.1:9091`. */
  readonly url: string;
  /** The `job` grouping key. */
  readonly job: string;
  /** Further grouping labels, e.g. `{ instance: "bot-1" }`. */
  readonly grouping?: Readonly<Record<string, string>> | undefined;
  /** The registry pushed. Default: the core's default `register`. */
  readonly registry?: Registry | undefined;
  /** Credentials the Pushgateway (or a proxy before it) requires. */
  readonly auth?: MetricsAuth | undefined;
  /** Time limit of one request. Default 10 000 ms. */
  readonly timeoutMs?: number | undefined;
}

export { groupingPath } from "../metrics/pushgateway-grouping-path.js";

/**
 * Pushes a registry to a Pushgateway group. `push()` (PUT) replaces the whole group,
 * `pushAdd()` (POST) replaces only the metrics with the same names, `delete()` removes
 * the group. `start()` pushes on an interval until `stop()`, which pushes one last time.
 * The body is the text format 0.0.4. A non-2xx answer throws a {@link PushError}.
 *
 * @example
 * const pusher = new PushgatewayClient({ url: "http://127.0.0.1:9091", job: "backtest", registry });
 * await pusher.push();
 */
export class PushgatewayClient {
  readonly url: string;
  readonly #registry: Registry;
  readonly #authorization: string | undefined;
  readonly #timeoutMs: number;
  readonly #periodic = new PeriodicTask(() => this.push());

  constructor(options: PushgatewayClientOptions) {
    this.url = `${options.url.replace(/\/+$/, "")}${groupingPath(options.job, options.grouping)}`;
    this.#registry = options.registry ?? register;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#authorization =
      options.auth === undefined ? undefined : authorizationHeader(options.auth);
  }

  /** Replaces the group's metrics with the registry's (HTTP PUT). */
  async push(): Promise<void> {
    await this.#send("PUT", await this.#registry.render("prometheus"));
  }

  /** Replaces only the group's metrics that the registry also has (HTTP POST). */
  async pushAdd(): Promise<void> {
    await this.#send("POST", await this.#registry.render("prometheus"));
  }

  /** Deletes the group (HTTP DELETE). */
  async delete(): Promise<void> {
    await this.#send("DELETE", undefined);
  }

  /** The error of the last failed periodic push, cleared by the next success. */
  get lastError(): unknown {
    return this.#periodic.lastError;
  }

  /** Pushes (PUT) every `intervalSeconds`; failures are kept in `lastError` and retried next time. */
  start(intervalSeconds: number): void {
    this.#periodic.start(intervalSeconds);
  }

  /** Stops periodic pushing; with `finalPush`, pushes once more so the last values are kept. */
  async stop(finalPush = false): Promise<void> {
    this.#periodic.stop();
    if (finalPush) await this.push();
  }

  async #send(method: "PUT" | "POST" | "DELETE", body: string | undefined): Promise<void> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = PROMETHEUS_CONTENT_TYPE;
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new PushError(this.url, `Push to "${this.url}" failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 500);
      throw new PushError(
        this.url,
        `Push to "${this.url}" was refused: ${method} answered ${response.status}: ${text.trim()}`,
        { status: response.status, body: text },
      );
    }
    await response.body?.cancel();
  }
}
