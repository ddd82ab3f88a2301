/** @module The catalog's query type (read, write, transaction, migration) of an SQL statement, from its first keyword. */

import type { QueryType } from "../../../catalog/label-values.js";

const byKeyword: Readonly<Record<string, QueryType>> = {
  select: "read",
  with: "read",
  show: "read",
  explain: "read",
  values: "read",
  table: "read",
  insert: "write",
  update: "write",
  delete: "write",
  merge: "write",
  copy: "write",
  upsert: "write",
  replace: "write",
  begin: "transaction",
  start: "transaction",
  commit: "transaction",
  end: "transaction",
  rollback: "transaction",
  savepoint: "transaction",
  release: "transaction",
  create: "migration",
  alter: "migration",
  drop: "migration",
  truncate: "migration",
  grant: "migration",
  revoke: "migration",
  comment: "migration",
};

/** `select ...` is read, `insert ...` write, `begin` transaction, `create table ...` migration; anything else read. */
export function queryTypeOf(sql: string): QueryType {
  const keyword = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\(?\s*([a-zA-Z]+)/.exec(sql)?.[1];
  return (keyword === undefined ? undefined : byKeyword[keyword.toLowerCase()]) ?? "read";
}
