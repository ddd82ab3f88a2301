import { describe, expect, it } from "vitest";
import { authorizationHeader, createAuthorization } from "./authorization.js";

describe("createAuthorization", () => {
  it("accepts exactly what authorizationHeader() sends, for both schemes", () => {
    const bearer = { type: "bearer", token: "tök€n with spaces" } as const;
    const basic = { type: "basic", username: "prometheus", password: "p:ss wörd" } as const;
    expect(createAuthorization(bearer)(authorizationHeader(bearer)).ok).toBe(true);
    expect(createAuthorization(basic)(authorizationHeader(basic)).ok).toBe(true);
    expect(createAuthorization(bearer)(authorizationHeader(basic)).ok).toBe(false);
    expect(createAuthorization(basic)(authorizationHeader(bearer)).ok).toBe(false);
  });

  it("rejects near misses: case of the secret, extra characters, empty credentials", () => {
    const check = createAuthorization({ type: "bearer", token: "Secret" });
    for (const header of ["Bearer secret", "Bearer Secret2", "Bearer  ", "Bearer", "Secret", ""]) {
      expect(check(header).ok, header).toBe(false);
    }
    expect(check("BEARER Secret").ok).toBe(true);
  });
});
