/** @module Test helper: a local HTTP server answering as Binance's spot REST API, with scripted faults, for real ccxt to call. */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the next call of a path answers instead of its normal response. */
export type BinanceFault =
  | { readonly kind: "status"; readonly status: number; readonly body?: unknown }
  | { readonly kind: "delay"; readonly ms: number };

/** A running fake Binance. */
export interface FakeBinance {
  readonly url: string;
  /** Requests received, as `METHOD /api-key/path`. */
  readonly requests: string[];
  /** Queues a fault for the next request whose path ends with `path` (e.g. `order`). */
  fault(path: string, fault: BinanceFault): void;
  /** Fills an open order completely, `afterMs` after it was placed (its `updateTime`). */
  fill(orderId: string, afterMs: number): void;
  /** The status the next order placed gets (`NEW`, `FILLED`, `CANCELED`). */
  nextOrderStatus: string;
  stop(): Promise<void>;
}

const market = {
  symbol: "BTCUSDT",
  status: "TRADING",
  baseAsset: "BTC",
  baseAssetPrecision: 8,
  quoteAsset: "USDT",
  quotePrecision: 8,
  quoteAssetPrecision: 8,
  orderTypes: ["LIMIT", "MARKET"],
  icebergAllowed: true,
  ocoAllowed: true,
  isSpotTradingAllowed: true,
  isMarginTradingAllowed: false,
  filters: [
    { filterType: "PRICE_FILTER", minPrice: "0.01", maxPrice: "1000000", tickSize: "0.01" },
    { filterType: "LOT_SIZE", minQty: "0.00001", maxQty: "9000", stepSize: "0.00001" },
  ],
  permissions: ["SPOT"],
  permissionSets: [["SPOT"]],
};

/** Starts the fake on a free loopback port. */
export async function startFakeBinance(): Promise<FakeBinance> {
  const faults = new Map<string, BinanceFault[]>();
  const requests: string[] = [];
  const orders = new Map<number, Record<string, unknown>>();
  let nextId = 1000;
  const state = { nextOrderStatus: "NEW" };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    const text = typeof body === "string";
    response.writeHead(status, { "content-type": text ? "text/html" : "application/json" });
    response.end(text ? body : JSON.stringify(body));
  };

  const answer = (request: IncomingMessage, response: ServerResponse, query: URLSearchParams) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const method = request.method ?? "GET";
    if (path.includes("/margin/")) return send(response, 200, []);
    if (path.endsWith("/exchangeInfo"))
      return send(response, 200, {
        timezone: "UTC",
        serverTime: Date.now(),
        rateLimits: [],
        symbols: [market],
      });
    if (path.endsWith("/ticker/24hr")) {
      return send(response, 200, {
        symbol: "BTCUSDT",
        lastPrice: "60000.00",
        bidPrice: "59999.00",
        askPrice: "60001.00",
        highPrice: "61000.00",
        lowPrice: "59000.00",
        volume: "100",
        quoteVolume: "6000000",
        openTime: Date.now() - 86_400_000,
        closeTime: Date.now(),
      });
    }
    if (path.endsWith("/order")) {
      if (method === "POST") {
        const id = nextId++;
        const quantity = query.get("quantity") ?? "0";
        const price = query.get("price") ?? "0";
        const filled = state.nextOrderStatus === "FILLED";
        const order = {
          symbol: "BTCUSDT",
          orderId: id,
          clientOrderId: `c${id}`,
          transactTime: Date.now(),
          price,
          origQty: quantity,
          executedQty: filled ? quantity : "0",
          cummulativeQuoteQty: filled ? String(Number(quantity) * Number(price)) : "0",
          status: state.nextOrderStatus,
          timeInForce: "GTC",
          type: query.get("type") ?? "LIMIT",
          side: query.get("side") ?? "BUY",
          workingTime: Date.now(),
        };
        orders.set(id, order);
        return send(response, 200, order);
      }
      const order = orders.get(Number(query.get("orderId")));
      if (order === undefined)
        return send(response, 400, { code: -2013, msg: "Order does not exist." });
      if (method === "DELETE") order.status = "CANCELED";
      return send(response, 200, {
        ...order,
        time: order.transactTime,
        updateTime: order.updateTime ?? Date.now(),
      });
    }
    return send(response, 404, { code: -1, msg: `no route ${method} ${path}` });
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://x");
      const query = new URLSearchParams(url.search);
      for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString()))
        query.set(key, value);
      requests.push(`${request.method} ${url.pathname}`);
      const key = [...faults.keys()].find((suffix) => url.pathname.endsWith(suffix));
      const fault = key === undefined ? undefined : faults.get(key)?.shift();
      if (fault?.kind === "status") return send(response, fault.status, fault.body ?? {});
      if (fault?.kind === "delay") {
        setTimeout(() => answer(request, response, query), fault.ms);
        return;
      }
      answer(request, response, query);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault(path, fault) {
      const queue = faults.get(path) ?? [];
      queue.push(fault);
      faults.set(path, queue);
    },
    fill(orderId, afterMs) {
      const order = orders.get(Number(orderId));
      if (order === undefined) throw new Error(`No order ${orderId}`);
      order.status = "FILLED";
      order.executedQty = order.origQty;
      order.cummulativeQuoteQty = String(Number(order.origQty) * Number(order.price));
      order.updateTime = Number(order.transactTime) + afterMs;
    },
    get nextOrderStatus() {
      return state.nextOrderStatus;
    },
    set nextOrderStatus(status: string) {
      state.nextOrderStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Points every REST API root of a ccxt exchange at `url` (`<url>/<api-name>`). */
export function pointAt(exchange: { urls: { api: Record<string, unknown> } }, url: string): void {
  for (const key of Object.keys(exchange.urls.api)) exchange.urls.api[key] = `${url}/${key}`;
}
