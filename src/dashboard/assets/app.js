// tradewatch live dashboard: fills the panels from /dashboard/api/* and the live event stream.
// Plain browser JavaScript (no build step); uPlot is loaded before it as a global.

const uPlot = globalThis.uPlot;
const spans = { "5m": 300, "1h": 3600, "6h": 21600 };
const rangeNames = { "5m": "last 5 min", "1h": "last hour", "6h": "last 6 hours" };
const colors = {
  blue: "#5794f2",
  green: "#3eb15b",
  red: "#e02f44",
  yellow: "#e0b400",
  orange: "#ff9830",
  purple: "#b877d9",
  cyan: "#4dd0e1",
  muted: "#8e9297",
  grid: "#2c3235",
};
const palette = [
  colors.blue,
  colors.orange,
  colors.green,
  colors.purple,
  colors.cyan,
  colors.yellow,
  colors.red,
];

let range = readRange();
let history = null;
let state = null;
let lastSampleAt = 0;
const charts = new Map();

// ---------------------------------------------------------------- formatting

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A wire number (number, null, "NaN", "+Inf", "-Inf") as a number, or null when it is none. */
function num(value) {
  return typeof value === "number" ? value : null;
}

/** What the page shows for a value that is missing or not defined (NaN, infinities). */
const dash = "–";

/**
 * The one formatter of every figure on the page: returns [text, css class, hover title] for a
 * wire value in a format. A missing value (null, undefined) or a non-finite one ("NaN",
 * "+Inf", "-Inf") shows as an en dash, and its title says why: `reason` as text, or as a
 * function of the value; numbers carry no title.
 */
function format(value, kind, reason) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return [dash, "no-data", explain(value, reason)];
  }
  switch (kind) {
    case "usd":
      return [usd.format(value), "", ""];
    case "usd-signed":
      return [
        `${value > 0 ? "+" : ""}${usd.format(value)}`,
        value > 0 ? "positive" : value < 0 ? "negative" : "",
        "",
      ];
    case "pct":
      return [`${percent(value)} %`, "", ""];
    case "pct-signed":
      return [
        `${value > 0 ? "+" : ""}${percent(value)} %`,
        value > 0 ? "positive" : value < 0 ? "negative" : "",
        "",
      ];
    case "count":
      return [Number.isInteger(value) ? integer.format(value) : decimal.format(value), "", ""];
    case "seconds":
      return [seconds(value), "", ""];
    case "age":
      return [`${seconds(value)} ago`, value > 60 ? "negative" : "", ""];
    default:
      return [decimal.format(value), "", ""];
  }
}

/** Why a value shows as a dash: the given reason, else what kind of absence it is. */
function explain(value, reason) {
  const text = typeof reason === "function" ? reason(value) : reason;
  if (typeof text === "string" && text !== "") return text;
  if (value === null || value === undefined) return "no data yet: the bot has not recorded it";
  return `not defined: the bot reports it as ${value === "NaN" ? "not a number (NaN)" : "infinite"}`;
}

/** A ratio as a percentage; tiny non-zero values keep two significant digits instead of reading 0. */
function percent(ratio) {
  const value = ratio * 100;
  return value !== 0 && Math.abs(value) < 0.01 ? value.toPrecision(2) : decimal.format(value);
}

function seconds(value) {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return "0 s";
  if (magnitude < 1e-3) return `${decimal.format(value * 1e6)} µs`;
  if (magnitude < 1) return `${decimal.format(value * 1e3)} ms`;
  if (magnitude < 120) return `${decimal.format(value)} s`;
  if (magnitude < 7200) return `${decimal.format(value / 60)} min`;
  return `${decimal.format(value / 3600)} h`;
}

/** Shows a value in an element through {@link format}; a missing one defaults to its `data-why`. */
function setValue(element, value, kind, reason = whyMissing(element)) {
  const [text, className, why] = format(value, kind, reason);
  element.textContent = text;
  element.dataset.value = typeof value === "number" ? String(value) : "";
  element.classList.remove("no-data", "nan", "positive", "negative");
  if (className) element.classList.add(className);
  if (why === "") element.removeAttribute("title");
  else element.title = why;
}

/** The reason an element's `data-why` gives for a missing value (non-finite ones get their own). */
function whyMissing(element) {
  return (value) => (value === null || value === undefined ? element.dataset.why : undefined);
}

/** Shows a text in an element, or a dash titled `reason` when there is none. */
function setText(element, text, reason) {
  const missing = typeof text !== "string" || text === "";
  element.textContent = missing ? dash : text;
  element.classList.toggle("no-data", missing);
  if (missing) element.title = explain(null, reason);
  else element.removeAttribute("title");
}

function cell(row, value, kind, className, reason) {
  const td = row.insertCell();
  if (kind === undefined) setText(td, value, reason);
  else setValue(td, value, kind, reason);
  if (className) td.classList.add(className);
  return td;
}

function emptyRow(tbody, columns, text) {
  const row = tbody.insertRow();
  const td = row.insertCell();
  td.colSpan = columns;
  td.className = "empty";
  td.textContent = text;
}

// ---------------------------------------------------------------- charts

/** Each chart: its series (key in the history, label, colour, scale factor) and y formatter. */
const chartDefinitions = {
  nav: { series: () => [{ key: "nav", label: "NAV", stroke: colors.blue }], kind: "usd" },
  pnl: {
    series: () => [
      { key: "daily_pnl", label: "Daily PnL", stroke: colors.green, fill: "rgba(62,177,91,0.12)" },
    ],
    kind: "usd",
  },
  exposure: {
    series: () => [
      { key: "exposure_at_risk", label: "At risk %", stroke: colors.orange, factor: 100 },
      { key: "exposure_pending", label: "Pending %", stroke: colors.yellow, factor: 100 },
    ],
    kind: "number",
  },
  positions: {
    series: () => [
      { key: "open_positions", label: "Open positions", stroke: colors.blue },
      { key: "pending_orders", label: "Pending orders", stroke: colors.purple },
    ],
    kind: "count",
  },
  fill: {
    series: () => [
      { key: "fill_ratio", label: "Fill %", stroke: colors.blue, factor: 100, width: 2 },
      { constant: 85, label: "85 % target", stroke: colors.green, dash: [6, 4] },
      { constant: 70, label: "70 %", stroke: colors.red, dash: [6, 4] },
    ],
    kind: "number",
    yRange: [0, 100],
  },
  orders: {
    series: () => [
      { key: "placed:buy", label: "placed buy/min", stroke: colors.green, dash: [4, 3] },
      { key: "placed:sell", label: "placed sell/min", stroke: colors.red, dash: [4, 3] },
      { key: "filled:buy", label: "filled buy/min", stroke: colors.green },
      { key: "filled:sell", label: "filled sell/min", stroke: colors.red },
    ],
    kind: "number",
  },
  streak: {
    series: () => [{ key: "api_consecutive_errors", label: "error streak", stroke: colors.red }],
    kind: "count",
  },
  latency: {
    series: () => [
      { key: "api:p50", label: "p50", stroke: colors.blue },
      { key: "api:p95", label: "p95", stroke: colors.orange },
    ],
    kind: "seconds",
  },
  cycle: {
    series: () => [
      { key: "cycle:p50", label: "p50", stroke: colors.blue },
      { key: "cycle:p95", label: "p95", stroke: colors.orange },
    ],
    kind: "seconds",
  },
  stages: {
    series: (data) =>
      Object.keys(data.series)
        .filter((key) => key.startsWith("stage:") && key.endsWith(":p95"))
        .sort()
        .map((key, index) => ({
          key,
          label: key.slice(6, -4),
          stroke: palette[index % palette.length],
        })),
    kind: "seconds",
  },
  activity: {
    series: () => [
      { key: "cycles:success", label: "success/min", stroke: colors.green },
      { key: "cycles:no_trade", label: "no trade/min", stroke: colors.muted },
      { key: "cycles:halted", label: "halted/min", stroke: colors.red },
      { key: "cycles:error", label: "error/min", stroke: colors.orange },
    ],
    kind: "number",
  },
  switches: {
    series: () => [
      { compute: countOn("breaker:"), label: "breakers open", stroke: colors.red, width: 2 },
      { compute: countOn("kill_switch:"), label: "kill switches on", stroke: colors.orange },
    ],
    kind: "count",
    yRange: (_u, _min, max) => [0, Math.max(2, Math.ceil(max) + 1)],
  },
  rejections: {
    emptyText: (data) =>
      Object.keys(data.series).some(
        (key) => key.startsWith("rejected:") || key.startsWith("risk_rejected:"),
      )
        ? "no rejections in this range"
        : "no data yet",
    series: (data) =>
      dynamicSeries(
        data,
        (key) => key.startsWith("rejected:") || key.startsWith("risk_rejected:"),
        (key) => key.replace("risk_rejected:", "risk ").replace("rejected:", "exchange "),
      ),
    kind: "number",
  },
};

/** A computed series: how many `prefix*` series were above zero at each point (null when none existed). */
function countOn(prefix) {
  return (data, index) => {
    let seen = false;
    let on = 0;
    for (const [key, values] of Object.entries(data.series)) {
      if (!key.startsWith(prefix)) continue;
      const value = values[index];
      if (typeof value !== "number") continue;
      seen = true;
      if (value > 0) on++;
    }
    return seen ? on : null;
  };
}

/** Series whose key passes `accept` and that were ever above zero in the shown range. */
function dynamicSeries(data, accept, label) {
  return Object.keys(data.series)
    .filter(
      (key) =>
        accept(key) && data.series[key].some((value) => typeof value === "number" && value > 0),
    )
    .sort()
    .map((key, index) => ({ key, label: label(key), stroke: palette[index % palette.length] }));
}

function chartData(definition, data) {
  const columns = [data.times];
  for (const series of definition) {
    if (series.constant !== undefined) {
      columns.push(data.times.map(() => series.constant));
      continue;
    }
    if (series.compute !== undefined) {
      columns.push(data.times.map((_, index) => series.compute(data, index)));
      continue;
    }
    const values = data.series[series.key] ?? [];
    const factor = series.factor ?? 1;
    columns.push(
      data.times.map((_, index) => {
        const value = num(values[index] ?? null);
        return value === null ? null : value * factor;
      }),
    );
  }
  return columns;
}

/** Whether any plotted (non-constant) column has a number. */
function hasData(definition, columns) {
  return definition.some(
    (series, index) =>
      series.constant === undefined &&
      columns[index + 1].some((value) => typeof value === "number"),
  );
}

function renderChart(name, element) {
  const spec = chartDefinitions[name];
  const definition = spec.series(history);
  const signature = `${range}|${definition.map((series) => series.key ?? series.label).join(",")}`;
  const data = chartData(definition, history);
  element.dataset.empty = String(!hasData(definition, data));
  element.dataset.emptyText = spec.emptyText?.(history) ?? "no data yet";
  element.dataset.points = String(history.times.length);
  const chart = charts.get(name);
  if (chart !== undefined && chart.signature === signature) {
    chart.plot.setData(data);
    return;
  }
  chart?.plot.destroy();
  const width = Math.max(element.clientWidth, 200);
  const span = spans[range];
  const plot = new uPlot(
    {
      width,
      height: element.clientWidth < 500 ? 170 : 200,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (_u, _min, max) => [max - span, max] },
        y: spec.yRange ? { range: spec.yRange } : { auto: true },
      },
      axes: [
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
        },
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          size: 64,
          values: (_u, ticks, _axis, _space, increment) =>
            ticks.map((tick) => axisLabel(tick, spec.kind, increment)),
        },
      ],
      series: [
        {
          value: (_u, value) =>
            typeof value === "number" ? new Date(value * 1000).toLocaleTimeString() : "",
        },
        ...definition.map((series) => ({
          label: series.label,
          stroke: series.stroke,
          fill: series.fill,
          width: series.width ?? 1.5,
          dash: series.dash,
          points: { size: 4 },
          // Blank off the cursor and at gaps: the line already shows what is missing.
          value: (_u, value) =>
            typeof value === "number" && Number.isFinite(value) ? format(value, spec.kind)[0] : "",
        })),
      ],
      legend: { live: true },
    },
    data,
    element,
  );
  charts.set(name, { plot, signature });
}

/** A tick or legend label; `increment` (tick spacing) decides how many digits tell ticks apart. */
function axisLabel(value, kind, increment) {
  if (kind === "usd") {
    if (Math.abs(value) >= 1e4 && (increment === undefined || increment >= 100)) {
      return `$${decimal.format(value / 1000)}k`;
    }
    return increment !== undefined && increment >= 1
      ? `$${integer.format(value)}`
      : usd.format(value);
  }
  if (kind === "seconds") return seconds(value);
  return decimal.format(value);
}

function renderCharts() {
  if (history === null) return;
  for (const element of document.querySelectorAll("[data-chart]"))
    renderChart(element.dataset.chart, element);
}

const resizer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = charts.get(entry.target.dataset.chart);
    if (chart === undefined) continue;
    const width = Math.max(entry.target.clientWidth, 200);
    if (Math.abs(chart.plot.width - width) > 2)
      chart.plot.setSize({ width, height: width < 500 ? 170 : 200 });
  }
});
for (const element of document.querySelectorAll("[data-chart]")) resizer.observe(element);

/** Appends a streamed row to the history of the shown range and drops what fell out of it. */
function appendRow(row) {
  if (history === null) return;
  const last = history.times[history.times.length - 1];
  if (last !== undefined && row.t <= last) return;
  const length = history.times.length;
  history.times.push(row.t);
  for (const key of Object.keys(row.values)) {
    if (history.series[key] === undefined) history.series[key] = new Array(length).fill(null);
  }
  for (const [key, values] of Object.entries(history.series)) values.push(row.values[key] ?? null);
  let drop = 0;
  while (drop < history.times.length && history.times[drop] < row.t - spans[range]) drop++;
  if (drop > 0) {
    history.times.splice(0, drop);
    for (const values of Object.values(history.series)) values.splice(0, drop);
  }
}

// ---------------------------------------------------------------- panels

function renderState() {
  if (state === null) return;
  for (const element of document.querySelectorAll("[data-stat]")) {
    setValue(element, state.stats[element.dataset.stat] ?? null, element.dataset.format);
  }
  for (const element of document.querySelectorAll("[data-total]")) {
    setValue(element, state.totals[element.dataset.total] ?? null, element.dataset.format);
  }
  const sampled = new Date(state.sampledAt);
  document.getElementById("sampled-at").textContent = `sampled ${sampled.toLocaleTimeString()}`;
  const botState = document.getElementById("bot-state");
  botState.textContent = `state: ${state.botState ?? "no data yet"}`;
  botState.className = `badge ${state.botState === "running" ? "badge-ok" : state.botState === null ? "badge-muted" : "badge-warn"}`;
  for (const element of document.querySelectorAll(".range-label"))
    element.textContent = `(${rangeNames[range]})`;
  for (const element of document.querySelectorAll(".window-label")) {
    element.textContent = `(${state.quantileWindowSeconds} s window)`;
  }
  renderSwitches("breakers", state.breakers, "TRIPPED", "SAFE", "trips", "breaker");
  renderSwitches("kill-switches", state.killSwitches, "ACTIVE", "off", "triggers", "kill switch");
  renderHaltBanner();
  renderFillRatio();
  renderApiStreak();
  renderSideTotals();
  renderCycleTotals();
  renderReasons("rejections", state.rejections, 5, true);
  renderReasons("api-errors", state.apiErrors, 7, false);
  renderReasons("no-trade", state.noTradeReasons, 10, false);
  renderStages();
  renderFeeds();
  renderTrades();
  renderPerformance();
}

function isOn(value) {
  return typeof value === "number" && value > 0;
}

function renderSwitches(id, switches, onText, offText, countName, what) {
  const container = document.getElementById(id);
  container.replaceChildren();
  let tripped = false;
  for (const entry of switches) {
    const tile = document.createElement("div");
    const on = isOn(entry.value);
    tripped ||= on;
    tile.className = `switch ${on ? "tripped" : entry.value === 0 ? "safe" : "unknown"}`;
    tile.dataset.name = entry.name;
    tile.dataset.value = entry.value === null ? "" : String(entry.value);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = entry.name;
    const verdict = document.createElement("span");
    verdict.className = "verdict";
    setText(
      verdict,
      on ? onText : entry.value === 0 ? offText : "",
      `the bot has not reported this ${what} yet`,
    );
    const count = document.createElement("span");
    count.className = "count";
    count.textContent =
      typeof entry.count === "number" && Number.isFinite(entry.count)
        ? `${integer.format(entry.count)} ${countName}`
        : "";
    tile.append(name, verdict, count);
    container.append(tile);
  }
  container.closest(".card").classList.toggle("tripped", tripped);
}

function renderHaltBanner() {
  const banner = document.getElementById("halt-banner");
  const switches = state.killSwitches
    .filter((entry) => isOn(entry.value))
    .map((entry) => entry.name);
  const breakers = state.breakers.filter((entry) => isOn(entry.value)).map((entry) => entry.name);
  const parts = [];
  if (switches.length > 0) parts.push(`KILL SWITCH ACTIVE: ${switches.join(", ")}`);
  if (breakers.length > 0) parts.push(`CIRCUIT BREAKER TRIPPED: ${breakers.join(", ")}`);
  banner.hidden = parts.length === 0;
  banner.textContent = parts.length === 0 ? "" : `TRADING HALTED — ${parts.join(" · ")}`;
}

function renderFillRatio() {
  const card = document.querySelector('[data-panel="fill-ratio"]');
  const band = document.getElementById("fill-band");
  const value = state.stats.fill_ratio;
  const placed = Object.entries(state.totals).some(
    ([key, total]) => key.startsWith("placed:") && num(total) > 0,
  );
  card.classList.remove("green", "yellow", "red");
  band.className = "band";
  band.removeAttribute("title");
  if (!placed) {
    band.textContent = "no orders yet";
    return;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    setText(band, "", "the fill ratio is not defined yet");
    return;
  }
  const colour = value > 0.85 ? "green" : value >= 0.7 ? "yellow" : "red";
  card.classList.add(colour);
  band.classList.add(colour);
  band.textContent =
    colour === "green" ? "on target" : colour === "yellow" ? "below target" : "poor";
}

function renderApiStreak() {
  const panel = document.querySelector('[data-panel="api-streak"]');
  const streak = num(state.stats.api_consecutive_errors);
  panel.classList.toggle("tripped", streak !== null && streak >= 2);
  panel.classList.toggle("warn", streak === 1);
}

function renderSideTotals() {
  const tbody = document.querySelector("#side-totals tbody");
  tbody.replaceChildren();
  for (const [prefix, label] of [
    ["placed", "orders placed"],
    ["filled", "orders filled"],
    ["trades", "executions"],
  ]) {
    const row = tbody.insertRow();
    cell(row, label);
    cell(row, state.totals[`${prefix}:buy`] ?? null, "count", "num").dataset.key = `${prefix}:buy`;
    cell(row, state.totals[`${prefix}:sell`] ?? null, "count", "num").dataset.key =
      `${prefix}:sell`;
  }
}

function renderCycleTotals() {
  const statuses = ["success", "no_trade", "halted", "error"];
  const values = statuses.map((status) => state.totals[`cycles:${status}`]);
  const element = document.getElementById("cycle-totals");
  setText(
    element,
    values.every((value) => value === undefined)
      ? ""
      : values.map((value) => (value === undefined ? "0" : format(value, "count")[0])).join(" / "),
    "no trading cycle has completed yet",
  );
}

function renderReasons(id, rows, limit, withSource) {
  const tbody = document.querySelector(`#${id} tbody`);
  tbody.replaceChildren();
  const sorted = rows
    .filter((row) => num(row.total) !== 0)
    .sort(
      (a, b) =>
        (num(b.increase[range]) ?? -1) - (num(a.increase[range]) ?? -1) ||
        (num(b.total) ?? 0) - (num(a.total) ?? 0),
    )
    .slice(0, limit);
  if (sorted.length === 0) {
    emptyRow(tbody, withSource ? 4 : 3, "none so far");
    return;
  }
  for (const entry of sorted) {
    const row = tbody.insertRow();
    cell(row, entry.reason);
    if (withSource) cell(row, entry.source);
    cell(row, entry.increase[range], "count", "num", "not enough history in this range yet");
    cell(row, entry.total, "count", "num");
  }
}

function renderStages() {
  const tbody = document.querySelector("#stages tbody");
  tbody.replaceChildren();
  const rows = [{ ...state.cycle, name: "whole cycle" }, ...state.stages];
  const unobserved = `no observation in the last ${state.quantileWindowSeconds} s`;
  for (const entry of rows) {
    const row = tbody.insertRow();
    cell(row, entry.name);
    cell(row, entry.p50, "seconds", "num", unobserved);
    cell(row, entry.p95, "seconds", "num", unobserved);
    cell(row, entry.observations, "count", "num");
  }
  const freshness = document.querySelector("#freshness tbody");
  freshness.replaceChildren();
  if (state.dataFreshness.length === 0) {
    emptyRow(freshness, 3, "Fed by the market data source's bar freshness; none observed yet");
  }
  for (const entry of state.dataFreshness) {
    const row = freshness.insertRow();
    cell(row, entry.name);
    cell(row, entry.p50, "seconds", "num", unobserved);
    cell(row, entry.p95, "seconds", "num", unobserved);
  }
  const staleness = document.querySelector("#staleness tbody");
  staleness.replaceChildren();
  if (state.staleness.length === 0) {
    emptyRow(staleness, 2, "Fed by the market data source's staleness; none reported yet");
  }
  for (const entry of state.staleness) {
    const row = staleness.insertRow();
    cell(row, entry.dataType);
    cell(row, entry.seconds, "seconds", "num", "the data source has not reported it yet");
  }
}

function renderFeeds() {
  const tbody = document.querySelector("#feeds tbody");
  tbody.replaceChildren();
  if (state.feeds.length === 0) emptyRow(tbody, 5, "no market data feed has reported yet");
  for (const feed of state.feeds) {
    const row = tbody.insertRow();
    row.dataset.symbol = feed.symbol;
    cell(row, feed.symbol);
    cell(row, feed.source, undefined, undefined, "no bar seen on the bus for this symbol yet");
    cell(row, feed.secondsSinceUpdate, "age", undefined, "no bar seen for this symbol yet");
    const stopped =
      feed.stale || (feed.secondsSinceUpdate !== null && feed.secondsSinceUpdate > 30);
    const status = row.insertCell();
    const label = document.createElement("span");
    if (feed.secondsSinceUpdate === null && !feed.stale) {
      setText(label, "", "no bar seen for this symbol yet");
    } else {
      label.className = stopped ? "status-stale" : "status-ok";
      label.textContent = feed.stale ? "STALE" : stopped ? "STOPPED" : "live";
    }
    status.append(label);
    cell(row, feed.completeness, "pct", "num", "the data source has not reported completeness yet");
  }
}

function renderTrades() {
  const tbody = document.querySelector("#trades tbody");
  tbody.replaceChildren();
  if (state.trades.length === 0) emptyRow(tbody, 8, "no trades yet");
  for (const trade of state.trades.slice(0, 15)) {
    const row = tbody.insertRow();
    cell(row, new Date(trade.seenAt).toLocaleTimeString());
    cell(row, trade.symbol);
    cell(row, `${trade.side}${trade.partial ? " (partial)" : ""}`, undefined, `side-${trade.side}`);
    cell(row, trade.quantity, "count", "num");
    cell(row, trade.price, "usd", "num");
    cell(row, trade.notional, "usd", "num");
    cell(row, trade.fee, "usd", "num");
    cell(row, trade.strategy);
  }
}

/**
 * Why each performance statistic can be undefined (the journal's statistics are NaN until they
 * are defined), given the strategy's other statistics.
 */
const performanceReasons = {
  win_ratio: () => "no closed position yet",
  profit_factor: (values) =>
    closedAny(values)
      ? "no losing closed position yet: profit factor divides gross profit by gross loss"
      : "no closed position yet",
  sharpe_ratio: () =>
    "Sharpe needs at least 2 daily returns that differ; the journal does not hold that many market days yet",
  max_drawdown: () => "no equity recorded in the journal yet",
  average_win: (values) => (closedAny(values) ? "no winning trade yet" : "no closed position yet"),
  average_loss: (values) => (closedAny(values) ? "no losing trade yet" : "no closed position yet"),
  streak: () => "no closed position yet",
};

/** Statistics of the equity curve, which the journal computes for the whole book only. */
const portfolioOnly = new Set(["sharpe_ratio", "max_drawdown"]);

/** Why a strategy's statistic shows a dash. */
function performanceReason(entry, key, value) {
  if (entry.strategy !== "portfolio" && portfolioOnly.has(key) && value === undefined) {
    return "computed from the equity curve, for the whole portfolio only";
  }
  return performanceReasons[key](entry.values);
}

/** Whether a strategy's statistics show at least one closed position (its win ratio is defined). */
function closedAny(values) {
  return typeof values.win_ratio === "number" && Number.isFinite(values.win_ratio);
}

function renderPerformance() {
  const tbody = document.querySelector("#performance tbody");
  tbody.replaceChildren();
  if (state.performance.length === 0) {
    emptyRow(
      tbody,
      8,
      "Fed by the trade journal (tradewatch run without --no-journal); its statistics refresh every minute",
    );
    return;
  }
  for (const entry of state.performance) {
    const row = tbody.insertRow();
    const values = entry.values;
    const why = (key) => (value) => performanceReason(entry, key, value);
    cell(row, entry.strategy);
    cell(row, values.win_ratio, "pct", "num", why("win_ratio"));
    cell(row, values.profit_factor, "number", "num", why("profit_factor"));
    cell(row, values.sharpe_ratio, "number", "num", why("sharpe_ratio"));
    cell(row, values.max_drawdown, "pct", "num", why("max_drawdown"));
    cell(row, values.average_win, "usd", "num", why("average_win"));
    cell(row, values.average_loss, "usd", "num", why("average_loss"));
    const streaks = [values.win_streak, values.loss_streak];
    const defined = streaks.every((value) => typeof value === "number" && Number.isFinite(value));
    cell(
      row,
      defined ? streaks.map((value) => format(value, "count")[0]).join(" / ") : "",
      undefined,
      "num",
      why("streak"),
    );
  }
}

// ---------------------------------------------------------------- data flow

function readRange() {
  const fromHash = location.hash.replace("#", "");
  return fromHash in spans ? fromHash : "5m";
}

async function loadHistory() {
  const requested = range;
  const response = await fetch(`/dashboard/api/history?range=${requested}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`history ${requested}: HTTP ${response.status}`);
  const data = await response.json();
  if (requested !== range) return;
  history = {
    times: [...data.times],
    series: Object.fromEntries(
      Object.entries(data.series).map(([key, values]) => [key, [...values]]),
    ),
  };
  renderCharts();
}

function selectRange(next) {
  if (!(next in spans) || next === range) return;
  range = next;
  history = null;
  window.history.replaceState(null, "", `#${range}`);
  for (const button of document.querySelectorAll("[data-range]")) {
    button.setAttribute("aria-pressed", String(button.dataset.range === range));
  }
  renderState();
  loadHistory().catch(showError);
}

function setConnection(text, kind) {
  const badge = document.getElementById("connection");
  badge.textContent = text;
  badge.className = `badge badge-${kind}`;
  document.body.classList.toggle("disconnected", kind === "bad");
}

function showError(error) {
  setConnection(`error: ${error.message}`, "bad");
}

function connect() {
  const source = new EventSource("/dashboard/api/stream");
  let dropped = false;
  source.addEventListener("open", () => {
    setConnection("live", "ok");
    // Samples streamed while disconnected are in the server's history, not in ours.
    if (dropped) loadHistory().catch(showError);
    dropped = false;
  });
  source.addEventListener("error", () => {
    dropped = true;
    setConnection("reconnecting…", "bad");
  });
  source.addEventListener("sample", (event) => {
    const message = JSON.parse(event.data);
    // A lower sequence means the bot restarted: its history starts over too.
    const restarted = state !== null && message.state.sequence < state.sequence;
    state = message.state;
    if (restarted) loadHistory().catch(showError);
    lastSampleAt = Date.now();
    setConnection("live", "ok");
    renderState();
    const row = message.points[range];
    if (row !== undefined && history !== null) {
      appendRow(row);
      renderCharts();
    }
    document.body.dataset.sequence = String(state.sequence);
  });
  source.addEventListener("failure", (event) => {
    setConnection(`sampling failed: ${JSON.parse(event.data).message}`, "warn");
  });
}

setInterval(() => {
  if (lastSampleAt !== 0 && Date.now() - lastSampleAt > 5000)
    setConnection("stale: no sample for 5 s", "warn");
}, 1000);

for (const button of document.querySelectorAll("[data-range]")) {
  button.setAttribute("aria-pressed", String(button.dataset.range === range));
  button.addEventListener("click", () => selectRange(button.dataset.range));
}

loadHistory().catch(showError);
connect();
