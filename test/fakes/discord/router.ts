import type { ParsedBody } from "./body.js";

export interface RouteContext {
  method: string;
  path: string;
  /** Capture groups of the route pattern. */
  params: string[];
  query: URLSearchParams;
  auth: string | null;
  body: ParsedBody;
}

export interface RouteResult {
  status: number;
  json?: unknown;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Bot routes need `Authorization: Bot <token>`; webhook/interaction routes need none. */
  auth: "bot" | "none";
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export const ok = (json: unknown): RouteResult => ({ status: 200, json });
export const noContent: RouteResult = { status: 204 };

export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: string[] } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((p) => p ?? "") };
  }
  return null;
}

/** Picks one segment out of a route's captures; the patterns guarantee it exists. */
export function param(ctx: RouteContext, index: number): string {
  const value = ctx.params[index];
  if (value === undefined) throw new Error(`route ${ctx.path} has no parameter ${index}`);
  return value;
}
