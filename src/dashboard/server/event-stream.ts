/** @module Server-sent events to every open dashboard page, dropping clients that fall behind. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Bytes a client may leave unread before it is disconnected (its page reconnects). */
const maxBufferedBytes = 1 << 20;

/**
 * Keeps the open `text/event-stream` responses and writes each broadcast to all of them.
 * A client whose socket buffer grows past 1 MiB (a stalled tab) is ended rather than
 * buffered without bound; EventSource reconnects on its own. Every response ends when
 * `signal` aborts (server shutdown) or on {@link close}.
 */
export class EventStream {
  readonly #clients = new Set<ServerResponse>();

  /** Open clients. */
  get size(): number {
    return this.#clients.size;
  }

  /** Turns `res` into an event stream, sends `initial` events first, and keeps it. */
  open(
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    initial: readonly { event: string; data: unknown }[] = [],
  ): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\n\n");
    for (const { event, data } of initial) res.write(format(event, data));
    this.#clients.add(res);
    const drop = (): void => {
      this.#clients.delete(res);
      signal.removeEventListener("abort", end);
    };
    const end = (): void => {
      drop();
      res.end();
    };
    req.on("close", drop);
    res.on("close", drop);
    if (signal.aborted) end();
    else signal.addEventListener("abort", end, { once: true });
  }

  /** Writes one event to every client. */
  broadcast(event: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const text = format(event, data);
    for (const client of this.#clients) {
      if (client.writableLength > maxBufferedBytes) {
        this.#clients.delete(client);
        client.end();
        continue;
      }
      client.write(text);
    }
  }

  /** Ends every client. */
  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}

function format(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
