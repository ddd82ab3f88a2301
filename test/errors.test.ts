/** @module Keeps docs/ERRORS.md and the error codes in src/errors.ts in sync. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { errorCodes } from "../src/errors.js";

describe("error codes", () => {
  it("lists every code in docs/ERRORS.md, and no code that does not exist", async () => {
    const doc = await readFile(new URL("../docs/ERRORS.md", import.meta.url), "utf8");
    const documented = [...doc.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...errorCodes].sort());
  });
});
