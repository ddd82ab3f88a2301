/** @module Matches request paths against route templates (`/orders/:id`) for routers that do not expose them. */

interface CompiledRoute {
  readonly template: string;
  /** Upper-case method the route is limited to, or `undefined` for any method. */
  readonly method: string | undefined;
  readonly pattern: RegExp;
  readonly staticSegments: number;
}

/**
 * Finds the route template a path belongs to, for servers without a router (node:http).
 * Templates use `:name` for one segment and a trailing `*` for the rest of the path, and may
 * start with a method (`GET /orders/:id`) to match only that method. When several match, the one with the most literal segments wins (`/orders/open` before
 * `/orders/:id`); ties go to the earlier template.
 *
 * @example
 * const routes = new RouteMatcher(["GET /orders/:id", "/orders/open", "/static/*"]);
 * routes.match("GET", "/orders/42?x=1"); // "/orders/:id"
 * routes.match("DELETE", "/orders/42"); // undefined
 * routes.match("GET", "/nope"); // undefined
 */
export class RouteMatcher {
  readonly #routes: readonly CompiledRoute[];

  constructor(templates: readonly string[]) {
    this.#routes = templates
      .map((template, index) => ({ ...compile(template), index }))
      .sort((a, b) => b.staticSegments - a.staticSegments || a.index - b.index);
  }

  /** Returns the path template that matches the method and the URL's path (query ignored), or `undefined`. */
  match(method: string | undefined, url: string): string | undefined {
    const upper = method?.toUpperCase();
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    for (const route of this.#routes) {
      if ((route.method === undefined || route.method === upper) && route.pattern.test(path)) {
        return route.template;
      }
    }
    return undefined;
  }
}

function compile(route: string): CompiledRoute {
  const spaceAt = route.indexOf(" ");
  const method = spaceAt === -1 ? undefined : route.slice(0, spaceAt).toUpperCase();
  const template = spaceAt === -1 ? route : route.slice(spaceAt + 1).trim();
  const segments = template.split("/").filter((segment) => segment !== "");
  let staticSegments = 0;
  const parts = segments.map((segment, index) => {
    if (segment === "*" && index === segments.length - 1) return "(?:/.*)?";
    if (segment.startsWith(":")) return "/[^/]+";
    staticSegments += 1;
    return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
  });
  const body = parts.join("");
  return {
    template,
    method,
    pattern: new RegExp(`^${body === "" ? "/" : body}/?$`),
    staticSegments,
  };
}
