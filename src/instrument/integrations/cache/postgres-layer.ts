/** @module A Postgres (or TimescaleDB) cache layer over the user's pg Pool: one table of keyed values with expiry. */

import type { CacheLayer } from "../../../catalog/label-values.js";
import { InstrumentOptionError } from "../../instrument-option-error.js";
import type { FeatureCacheLayer } from "./feature-cache-layer.js";

/** The part of a `pg` Pool (or Client) the layer uses. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Options of {@link postgresLayer}. */
export interface PostgresLayerOptions {
  readonly layer?: CacheLayer;
  /** The table (created when missing; default `tradewatch_feature_cache`). */
  readonly table?: string;
}

/**
 * A cache layer on the user's `pg` Pool: table `(key text primary key, value text,
 * expires_at timestamptz)`, created on first use.
 *
 * @example
 * const store = new LayeredFeatureStore({ recorder, layers: [redisLayer(redis), postgresLayer(pool)] });
 */
export function postgresLayer(
  pool: PgQueryable,
  options: PostgresLayerOptions = {},
): FeatureCacheLayer {
  const table = options.table ?? "tradewatch_feature_cache";
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) {
    throw new InstrumentOptionError(
      "table",
      `postgresLayer table must be a lower-case SQL identifier, was "${table}"`,
    );
  }
  let ready: Promise<unknown> | undefined;
  const ensure = () => {
    ready ??= pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value text NOT NULL, expires_at timestamptz)`,
      )
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
  return {
    layer: options.layer ?? "l2",
    async get(key) {
      await ensure();
      const result = await pool.query(
        `SELECT value FROM ${table} WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())`,
        [key],
      );
      const row = result.rows[0] as { value?: string } | undefined;
      return row?.value;
    },
    async set(key, value, ttlSeconds) {
      await ensure();
      await pool.query(
        `INSERT INTO ${table} (key, value, expires_at) VALUES ($1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $3::float8) END)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [key, value, ttlSeconds ?? null],
      );
    },
  };
}
