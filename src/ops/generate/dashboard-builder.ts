/** @module Turns a compact dashboard description into Grafana dashboard JSON with @grafana/grafana-foundation-sdk. */
import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import { StackingConfigBuilder, StackingMode } from "@grafana/grafana-foundation-sdk/common";
import {
  type Dashboard,
  DashboardBuilder,
  MappingType,
  type Panel,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { addLabelMatcher } from "../promql/add-label-matcher.js";
import { prometheusDatasourceUid } from "./grafana-provisioning.js";

/** One PromQL query of a panel. */
export interface QuerySpec {
  readonly expr: string;
  /** Grafana legend template, e.g. `{{reason}}`; the linter checks its labels exist. */
  readonly legend?: string | undefined;
  /** Evaluates once at the end of the range (stat, gauge, table panels). */
  readonly instant?: boolean | undefined;
}

/**
 * What fills a panel. `"default run"`: a default `tradewatch run` (`npm start`) gives every
 * query of the panel data within two minutes. Otherwise the sentence saying what it needs,
 * which the builder puts first in the panel's description, so an empty panel says why.
 */
export type PanelFeed = "default run" | `Needs ${string}.` | `Fed by ${string}.`;

/** One panel. */
export interface PanelSpec {
  readonly kind: "timeseries" | "stat" | "gauge" | "bargauge" | "table";
  readonly title: string;
  readonly description: string;
  /** What fills the panel; see {@link PanelFeed}. Required, so that no panel forgets it. */
  readonly feed: PanelFeed;
  readonly queries: readonly QuerySpec[];
  /** Grafana unit id: `s`, `percentunit`, `currencyUSD`, `short`, `reqps`, ... */
  readonly unit?: string | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  /** Colour steps, lowest first: `[[null, "green"], [0.7, "yellow"], [0.9, "red"]]`. */
  readonly thresholds?: readonly (readonly [number | null, string])[] | undefined;
  /** Value → text and colour, e.g. `{ "0": ["SAFE", "green"], "1": ["TRIPPED", "red"] }`. */
  readonly mappings?: Readonly<Record<string, readonly [string, string]>> | undefined;
  /** Width in grid columns (24 across); 8 by default. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** Stacks timeseries. */
  readonly stacked?: boolean | undefined;
}

/** One row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** One dashboard. */
export interface DashboardSpec {
  readonly uid: string;
  /** File name under grafana/dashboards/, without `.json`. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly RowSpec[];
}

/** The dashboard variable every query filters on, so that the per-plane jobs never double a sum. */
const jobVariable = "job";

const datasource = { type: "prometheus", uid: prometheusDatasourceUid };

type AnyPanelBuilder =
  | timeseries.PanelBuilder
  | stat.PanelBuilder
  | gauge.PanelBuilder
  | bargauge.PanelBuilder
  | table.PanelBuilder;

function panelBuilder(spec: PanelSpec): AnyPanelBuilder {
  switch (spec.kind) {
    case "timeseries": {
      const builder = new timeseries.PanelBuilder()
        .fillOpacity(spec.stacked ? 30 : 10)
        .lineWidth(1);
      return spec.stacked
        ? builder.stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        : builder;
    }
    case "stat":
      return new stat.PanelBuilder();
    case "gauge":
      return new gauge.PanelBuilder();
    case "bargauge":
      return new bargauge.PanelBuilder();
    case "table":
      return new table.PanelBuilder();
  }
}

function mappings(spec: PanelSpec): ValueMapping[] {
  if (spec.mappings === undefined) return [];
  return [
    {
      type: MappingType.ValueToText,
      options: Object.fromEntries(
        Object.entries(spec.mappings).map(([value, [text, color]], index) => [
          value,
          { text, color, index },
        ]),
      ),
    },
  ];
}

/** Returns the description Grafana shows for a panel: what feeds it (unless a default run does), then what it shows. */
export function panelDescription(spec: Pick<PanelSpec, "description" | "feed">): string {
  return spec.feed === "default run" ? spec.description : `${spec.feed} ${spec.description}`;
}

/** Returns a panel query's expression as Grafana runs it: every selector on `job=~"$job"`. */
export function panelExpression(query: QuerySpec): string {
  return addLabelMatcher(query.expr, jobVariable, "=~", `$${jobVariable}`);
}

function buildPanel(spec: PanelSpec): cog.Builder<Panel> {
  const builder = panelBuilder(spec)
    .title(spec.title)
    .description(panelDescription(spec))
    .datasource(datasource)
    .height(spec.height ?? 8)
    .span(spec.width ?? 8);
  if (spec.unit !== undefined) builder.unit(spec.unit);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.thresholds !== undefined) {
    builder.thresholds(
      new ThresholdsConfigBuilder()
        .mode(ThresholdsMode.Absolute)
        .steps(spec.thresholds.map(([value, color]) => ({ value, color }))),
    );
  }
  const valueMappings = mappings(spec);
  if (valueMappings.length > 0) builder.mappings(valueMappings);
  spec.queries.forEach((query, index) => {
    const target = new DataqueryBuilder()
      .expr(panelExpression(query))
      .refId(String.fromCharCode(65 + index))
      .datasource(datasource);
    if (query.legend !== undefined) target.legendFormat(query.legend);
    if (query.instant ?? spec.kind === "table") target.instant();
    builder.withTarget(target);
  });
  return builder as cog.Builder<Panel>;
}

/**
 * Returns the dashboard JSON model (schema as of the SDK's Grafana version). Every query
 * selects `job=~"$job"`, a variable listing the scraped jobs that defaults to the bot's
 * combined endpoint: the per-plane endpoints export the same series again.
 */
export function buildDashboard(spec: DashboardSpec, job: string): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([...spec.tags])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .readonly()
    .withVariable(
      new QueryVariableBuilder(jobVariable)
        .label("Job")
        .description("The scrape job: the bot's combined endpoint, or one plane's.")
        .datasource(datasource)
        .query(`label_values(up, ${jobVariable})`)
        .definition(`label_values(up, ${jobVariable})`)
        .current({ text: job, value: job, selected: true })
        .refresh(VariableRefresh.OnDashboardLoad)
        .sort(VariableSort.AlphabeticalAsc),
    );
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(buildPanel(panel));
  }
  return builder.build();
}
