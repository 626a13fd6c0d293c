import type { IncomingMessage, ServerResponse } from "node:http";
import { DiscordHttpError, parseBody, type ParsedBody } from "./body.js";
import type { Cdn } from "./cdn.js";
import type { EventLog } from "./events.js";
import type { RecordedRequest } from "./index.js";
import type { InjectedFaults, LimitAnswer, RealisticLimiter } from "./limits.js";
import { findRoute, type Route, type RouteResult } from "./router.js";

const apiPrefix = "/api/v10";

export interface HttpDeps {
  routes: readonly Route[];
  cdn: Cdn;
  faults: InjectedFaults;
  limiter: RealisticLimiter;
  events: EventLog;
  requests: RecordedRequest[];
  token: string;
  now: () => number;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** One request: record it, apply auth, faults and limits, run the route, answer like Discord. */
export async function handleHttp(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  const isApi = url.pathname.startsWith(`${apiPrefix}/`);
  // discord.js sends `@original` as `%40original`; CDN paths stay encoded like the URLs the fake issued.
  const path = isApi ? decodeURIComponent(url.pathname.slice(apiPrefix.length)) : url.pathname;
  const receivedAt = deps.now();
  const raw = await readBody(req);
  const recorded: RecordedRequest = {
    seq: deps.requests.length,
    receivedAt,
    at: deps.now(),
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    auth: req.headers.authorization ?? null,
    body: undefined,
    files: [],
    status: 0,
  };
  deps.requests.push(recorded);

  let answer: Answer | null;
  try {
    if (!isApi) {
      answer = deps.faults.take(method, path);
      if (!answer && !deps.cdn.serve(path, req, res))
        answer = { status: 404, json: { message: "404: Not Found", code: 0 } };
    } else {
      const body = await parseBody(raw, req.headers["content-type"]);
      recorded.body = body.json;
      recorded.files = body.files;
      answer = await answerApi(deps, method, path, url.searchParams, recorded.auth, body);
    }
  } catch (error) {
    if (!(error instanceof DiscordHttpError)) throw error;
    answer = { status: error.status, json: { message: error.message, code: error.code, ...error.extra } };
  }
  if (answer) send(res, answer);
  recorded.status = answer?.status ?? res.statusCode;
  deps.events.emit({ type: "request", request: recorded });
}

async function answerApi(
  deps: HttpDeps,
  method: string,
  path: string,
  query: URLSearchParams,
  auth: string | null,
  body: ParsedBody,
): Promise<Answer> {
  const found = findRoute(deps.routes, method, path);
  if (!found) return { status: 404, json: { message: "404: Not Found", code: 0 } };
  const { route, params } = found;
  // A 401 here makes @discordjs/rest drop its token for good (NOTES.md §1.1), as real Discord would.
  if (route.auth === "bot" && auth !== `Bot ${deps.token}`)
    return { status: 401, json: { message: "401: Unauthorized", code: 0 } };
  const injected: LimitAnswer | null = deps.faults.take(method, path);
  if (injected) return injected;
  const limit = deps.limiter.check(method, path, route.auth);
  if (limit.reject) return limit.reject;
  const result: RouteResult = await route.handler({ method, path, params, query, auth, body });
  return { ...result, headers: limit.headers };
}

function send(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.json === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  const text = JSON.stringify(answer.json);
  headers["content-type"] = "application/json";
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(answer.status, headers).end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
