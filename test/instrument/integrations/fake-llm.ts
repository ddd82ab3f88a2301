/** @module Test helper: a local HTTP server speaking the Anthropic Messages and OpenAI Chat Completions wire formats, plain and streamed (SSE), with scripted errors. */

import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running fake LLM API. */
export interface FakeLlm {
  /** Base URL for the Anthropic SDK (`baseURL`). */
  readonly anthropicUrl: string;
  /** Base URL for the OpenAI SDK (`baseURL`, with `/v1`). */
  readonly openaiUrl: string;
  /** The next request answers this HTTP status with the provider's error body. */
  failNext(status: number): void;
  stop(): Promise<void>;
}

/** Tokens every answer reports: 120 in, 40 out. */
export const fakeUsage = { input: 120, output: 40 } as const;

function sse(response: ServerResponse, events: readonly (readonly [string | null, unknown])[]) {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const [event, data] of events) {
    response.write(
      `${event === null ? "" : `event: ${event}\n`}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
    );
  }
  response.end();
}

/** Starts the fake on a free loopback port. */
export async function startFakeLlm(): Promise<FakeLlm> {
  const failures: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
        model: string;
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
      };
      const path = request.url ?? "";
      const status = failures.shift();
      const json = (code: number, value: unknown) => {
        response.writeHead(code, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (path.startsWith("/v1/messages")) {
        if (status !== undefined) {
          const type =
            status === 429
              ? "rate_limit_error"
              : status === 401
                ? "authentication_error"
                : "api_error";
          return json(status, { type: "error", error: { type, message: `fake ${type}` } });
        }
        const message = {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: body.model,
          stop_reason: null,
          stop_sequence: null,
        };
        if (body.stream !== true) {
          return json(200, {
            ...message,
            content: [{ type: "text", text: '{"action":"buy","conviction":0.8}' }],
            stop_reason: "end_turn",
            usage: { input_tokens: fakeUsage.input, output_tokens: fakeUsage.output },
          });
        }
        return sse(response, [
          [
            "message_start",
            {
              type: "message_start",
              message: {
                ...message,
                content: [],
                usage: { input_tokens: fakeUsage.input, output_tokens: 1 },
              },
            },
          ],
          [
            "content_block_start",
            { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
          ],
          [
            "content_block_delta",
            { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "hold" } },
          ],
          ["content_block_stop", { type: "content_block_stop", index: 0 }],
          [
            "message_delta",
            {
              type: "message_delta",
              delta: { stop_reason: "end_turn", stop_sequence: null },
              usage: { output_tokens: fakeUsage.output },
            },
          ],
          ["message_stop", { type: "message_stop" }],
        ]);
      }
      if (path.startsWith("/v1/chat/completions")) {
        if (status !== undefined) {
          return json(status, {
            error: { message: "fake error", type: "server_error", code: null },
          });
        }
        const base = { id: "chatcmpl-1", created: 1, model: body.model };
        const usage = {
          prompt_tokens: fakeUsage.input,
          completion_tokens: fakeUsage.output,
          total_tokens: fakeUsage.input + fakeUsage.output,
        };
        if (body.stream !== true) {
          return json(200, {
            ...base,
            object: "chat.completion",
            choices: [
              { index: 0, message: { role: "assistant", content: "sell" }, finish_reason: "stop" },
            ],
            usage,
          });
        }
        const chunk = (delta: unknown, finish: string | null) => ({
          ...base,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta, finish_reason: finish }],
        });
        return sse(response, [
          [null, chunk({ role: "assistant", content: "" }, null)],
          [null, chunk({ content: "sell" }, null)],
          [null, chunk({}, "stop")],
          ...(body.stream_options?.include_usage === true
            ? [[null, { ...base, object: "chat.completion.chunk", choices: [], usage }] as const]
            : []),
          [null, "[DONE]"],
        ]);
      }
      json(404, { error: { message: `no route ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    anthropicUrl: url,
    openaiUrl: `${url}/v1`,
    failNext: (status) => failures.push(status),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
