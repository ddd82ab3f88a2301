import { describe, expect, it } from "vitest";
import { RouteMatcher } from "./route-matcher.js";

describe("RouteMatcher", () => {
  const routes = new RouteMatcher([
    "GET /orders/:id",
    "/orders/open",
    "/static/*",
    "/",
    "POST /orders",
  ]);

  it.each([
    ["GET", "/orders/42", "/orders/:id"],
    ["GET", "/orders/42/", "/orders/:id"],
    ["GET", "/orders/42?verbose=1", "/orders/:id"],
    ["GET", "/orders/open", "/orders/open"],
    ["DELETE", "/orders/open", "/orders/open"],
    ["POST", "/orders", "/orders"],
    ["GET", "/static", "/static/*"],
    ["GET", "/static/js/app.js", "/static/*"],
    ["GET", "/", "/"],
    ["GET", "/?q=1", "/"],
  ])("%s %s → %s", (method, url, template) => {
    expect(routes.match(method, url)).toBe(template);
  });

  it.each([
    ["DELETE", "/orders/42"],
    ["GET", "/orders"],
    ["GET", "/orders/42/fills"],
    ["GET", "/staticfile"],
    ["GET", "/nope"],
  ])("%s %s → no route", (method, url) => {
    expect(routes.match(method, url)).toBeUndefined();
  });

  it("escapes regex characters in literal segments", () => {
    const dotted = new RouteMatcher(["/v1.0/health"]);
    expect(dotted.match("GET", "/v1.0/health")).toBe("/v1.0/health");
    expect(dotted.match("GET", "/v1x0/health")).toBeUndefined();
  });
});
