import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { botRoutes } from "./bot-routes.js";
import { Cdn } from "./cdn.js";
import { ChannelPermissions } from "./channel-permissions.js";
import { CommandRegistry } from "./commands.js";
import { createDrivers } from "./drivers.js";
import { EventLog } from "./events.js";
import { Gateway } from "./gateway.js";
import { handleHttp } from "./http.js";
import { createSnowflakes } from "./ids.js";
import type { FakeDiscord, FakeDiscordEvent, FakeDiscordOptions, RecordedRequest } from "./index.js";
import { interactionCallbackRoute } from "./interaction-routes.js";
import { InteractionStore } from "./interactions.js";
import { InjectedFaults, RealisticLimiter } from "./limits.js";
import { MessageStore } from "./messages.js";
import { webhookRoutes } from "./webhook-routes.js";
import { createWorld } from "./world.js";

/** Starts the fake on 127.0.0.1 with a free port. Always `close()` it. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = options.now ?? Date.now;
  const nextId = createSnowflakes(now);
  const world = createWorld(options, nextId, now);
  const events = new EventLog();
  const attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
  let origin = "";
  const cdn = new Cdn(() => origin, nextId, now);
  const messages = new MessageStore(
    world,
    cdn,
    events,
    nextId,
    now,
    attachmentSizeLimit,
    options.nonceWindowMs,
  );
  const permissions = new ChannelPermissions();
  const interactions = new InteractionStore(
    now,
    options.tokenLifetimeMs ?? 15 * 60_000,
    options.ackDeadlineMs ?? 3_000,
  );
  const commands = new CommandRegistry(world.applicationId, nextId);
  const gatewayUrl = () => `${origin.replace(/^http/, "ws")}/gateway`;
  const gateway = new Gateway({
    world,
    events,
    now,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    resumeUrl: () => `${gatewayUrl()}/resume`,
  });
  const faults = new InjectedFaults();
  const limiter = new RealisticLimiter(options.rateLimits ?? "record", now);
  const requests: RecordedRequest[] = [];
  const interactionDeps = { interactions, messages, events, now };
  const routes = [
    ...botRoutes({ world, messages, commands, gatewayUrl, permissions }),
    interactionCallbackRoute(interactionDeps),
    ...webhookRoutes({ ...interactionDeps, applicationId: world.applicationId }),
  ];
  const httpDeps = { routes, cdn, faults, limiter, events, requests, token: world.token, now };

  const server = createServer((req, res) => {
    handleHttp(httpDeps, req, res).catch((error: unknown) => {
      // A bug in the fake, not a Discord answer: make it loud.
      console.error("fake Discord crashed on", req.method, req.url, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "500: fake Discord bug", code: 0 }));
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 0;
  let connectionsAccepted = 0;
  server.on("connection", () => connectionsAccepted++);
  server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  const port = await listen(server);
  origin = `http://127.0.0.1:${port}`;

  const drivers = createDrivers({
    world,
    interactions,
    messages,
    commands,
    events,
    dispatch: (t, d) => gateway.dispatch(t, d),
    nextId,
    now,
    attachmentSizeLimit,
    appPermissions: (channelId) => permissions.of(channelId).toString(),
  });
  let closed: Promise<void> | null = null;

  const fake: FakeDiscord = {
    apiUrl: `${origin}/api`,
    cdnUrl: `${origin}/cdn`,
    gatewayUrl: gatewayUrl(),
    host: `127.0.0.1:${port}`,
    token: world.token,
    applicationId: world.applicationId,
    botUser: world.bot,
    guilds: world.guilds,
    users: world.users,
    user: world.user,
    channel: world.channel,
    role: world.role,
    ...drivers,
    addAttachment: (filename, bytes, contentType, overrides) =>
      cdn.addEphemeral(filename, bytes, contentType, overrides),
    dispatch: (event, data) => gateway.dispatch(event, data),
    reconnectGateway: (how = "reconnect") => gateway.disrupt(how),
    expireToken: (token) => interactions.expire(token),
    rateLimit: (rule) => faults.rateLimit(rule),
    failRoute: (rule) => faults.fail(rule),
    clearFaults: () => faults.clear(),
    postAsUser: (input) =>
      messages.create({
        channelId: input.channelId ?? world.channel().id,
        json: { content: input.content ?? "" },
        files: (input.files ?? []).map((f, i) => ({
          field: `files[${i}]`,
          filename: f.name,
          contentType: f.contentType,
          size: f.data.length,
          bytes: f.data,
        })),
        authorId: world.user(input.user ?? world.users[0]?.username ?? "alice").id,
      }).id,
    setChannelPermissions: (channelId, value) => permissions.set(channelId, value),
    dmMessages: (userId) => {
      const dm = messages.dmChannelOf(userId);
      return dm ? messages.inChannel(dm) : [];
    },
    requests,
    rateLimitHits: limiter.hits,
    identifies: gateway.identifies,
    resumes: gateway.resumes,
    channelMessages: (channelId) => messages.inChannel(channelId),
    message: (id) => messages.get(id),
    connectionsAccepted: () => connectionsAccepted,
    callbacks: (interactionId) => interactions.get(interactionId)?.callbacks ?? [],
    commands: (guildId) => commands.list(guildId ?? "global"),
    mark: () => events.mark(),
    waitFor: ((
      predicate: (event: FakeDiscordEvent) => boolean,
      waitOptions?: { timeoutMs?: number; since?: number },
    ) => events.waitFor(predicate, waitOptions)) as FakeDiscord["waitFor"],
    close: () => (closed ??= shutdown(server, gateway, events)),
  };
  return fake;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

async function shutdown(server: Server, gateway: Gateway, events: EventLog): Promise<void> {
  events.close();
  await gateway.close();
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
