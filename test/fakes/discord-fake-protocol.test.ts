import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "./discord/index.js";

let fake: FakeDiscord | undefined;
async function start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await startFakeDiscord(options);
  return fake;
}
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Reply {
  status: number;
  headers: Headers;
  json: unknown;
}
async function call(
  f: FakeDiscord,
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = `Bot ${f.token}`,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (auth) headers["authorization"] = auth;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${f.apiUrl}/v10${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
}
interface BareGateway {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<number>;
  /** Resolves once `count` frames have arrived. */
  received(count: number): Promise<Frame[]>;
}

/** A bare gateway client: connects, sends IDENTIFY, collects frames; waits for READY unless told not to. */
async function identify(f: FakeDiscord, token = f.token): Promise<BareGateway> {
  const ws = new WebSocket(`${f.gatewayUrl}?v=10&encoding=json`);
  const frames: Frame[] = [];
  const waiting: { count: number; resolve: (frames: Frame[]) => void }[] = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const w of waiting.filter((w) => frames.length >= w.count)) w.resolve(frames);
  });
  const received = (count: number) =>
    frames.length >= count
      ? Promise.resolve(frames)
      : new Promise<Frame[]>((resolve) => waiting.push({ count, resolve }));
  const closed = once(ws, "close").then(([code]) => code as number);
  await once(ws, "open");
  ws.send(
    JSON.stringify({
      op: 2,
      d: { token, intents: 1, properties: { os: "linux", browser: "t", device: "t" } },
    }),
  );
  if (token === f.token) await received(2);
  return { ws, frames, closed, received };
}

const clock = (start = Date.now()) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

const callback = (f: FakeDiscord, id: string, token: string, body: unknown, query = "") =>
  call(f, "POST", `/interactions/${id}/${token}/callback${query}`, body, null);

describe("fake Discord REST rules", () => {
  it("GIVEN no or a wrong bot token THEN bot routes answer 401 code 0 while interaction routes need no auth", async () => {
    const f = await start();
    const gateway = await identify(f);
    expect(await call(f, "GET", "/gateway/bot", undefined, null)).toMatchObject({
      status: 401,
      json: { code: 0 },
    });
    expect((await call(f, "GET", "/users/@me", undefined, "Bot nope")).status).toBe(401);
    expect((await call(f, "GET", "/users/@me")).json).toMatchObject({ id: f.botUser.id, bot: true });
    const command = f.sendSlashCommand({ name: "i2v" });
    expect((await callback(f, command.id, command.token, { type: 5 })).status).toBe(204);
    const edited = await call(
      f,
      "PATCH",
      `/webhooks/${f.applicationId}/${command.token}/messages/@original`,
      { content: "hi" },
      null,
    );
    expect(edited).toMatchObject({
      status: 200,
      json: { content: "hi", channel_id: f.channel().id, author: { id: f.botUser.id } },
    });
    gateway.ws.close();
  });

  it("GIVEN callbacks that are late, repeated or of the wrong type THEN 10062, 40060 and 50035 as Discord answers", async () => {
    const time = clock();
    const f = await start({ now: time.now });
    const gateway = await identify(f);
    const late = f.sendSlashCommand({ name: "i2v" });
    time.advance(3_001);
    expect(await callback(f, late.id, late.token, { type: 5 })).toMatchObject({
      status: 404,
      json: { code: 10062 },
    });
    expect(
      (await call(f, "GET", `/webhooks/${f.applicationId}/${late.token}/messages/@original`, undefined, null))
        .status,
    ).toBe(401);

    const command = f.sendSlashCommand({ name: "i2v" });
    expect(await callback(f, command.id, command.token, { type: 8, data: { choices: [] } })).toMatchObject({
      status: 400,
      json: { code: 50035 },
    });
    expect((await callback(f, command.id, command.token, { type: 4, data: { content: "ok" } })).status).toBe(
      204,
    );
    expect(
      await callback(f, command.id, command.token, { type: 4, data: { content: "again" } }),
    ).toMatchObject({ status: 400, json: { code: 40060 } });
    expect(await callback(f, "1", "bogus", { type: 5 })).toMatchObject({
      status: 404,
      json: { code: 10062 },
    });
    expect(f.callbacks(command.id).map((c) => [c.type, c.status, c.errorCode])).toEqual([
      [8, 400, 50035],
      [4, 204, null],
      [4, 400, 40060],
    ]);
    gateway.ws.close();
  });

  it("GIVEN the token lifetime has passed THEN every webhook route answers 401 with code 50027", async () => {
    const time = clock();
    const f = await start({ now: time.now, tokenLifetimeMs: 60_000 });
    const gateway = await identify(f);
    const command = f.sendSlashCommand({ name: "i2v" });
    await callback(f, command.id, command.token, { type: 5 });
    const hook = `/webhooks/${f.applicationId}/${command.token}`;
    expect((await call(f, "PATCH", `${hook}/messages/@original`, { content: "1 min" }, null)).status).toBe(
      200,
    );
    time.advance(60_000);
    const expired = { status: 401, json: { code: 50027, message: "Invalid Webhook Token" } };
    expect(await call(f, "PATCH", `${hook}/messages/@original`, { content: "late" }, null)).toMatchObject(
      expired,
    );
    expect(await call(f, "GET", `${hook}/messages/@original`, undefined, null)).toMatchObject(expired);
    expect(await call(f, "POST", `${hook}?wait=true`, { content: "late" }, null)).toMatchObject(expired);
    gateway.ws.close();
  });

  it("GIVEN a follow-up right after a defer THEN it replaces the loading message and keeps its visibility", async () => {
    const f = await start();
    const gateway = await identify(f);
    const command = f.sendSlashCommand({ name: "i2v", user: "bob", roles: [], locale: "nl" });
    expect(command.payload).toMatchObject({ locale: "nl", member: { roles: [], user: { username: "bob" } } });
    await callback(f, command.id, command.token, { type: 5, data: { flags: 64 } });
    const hook = `/webhooks/${f.applicationId}/${command.token}`;
    const first = await call(f, "POST", `${hook}?wait=true`, { content: "first", flags: 0 }, null);
    const second = await call(f, "POST", `${hook}?wait=true`, { content: "second" }, null);
    const original = f.channelMessages(f.channel().id)[0];
    expect((first.json as { id: string }).id).toBe(original?.id);
    expect(original).toMatchObject({ content: "first", ephemeral: true, flags: 64 });
    expect(second.json).toMatchObject({
      content: "second",
      interaction_metadata: { original_response_message_id: original?.id },
    });
    expect((await call(f, "DELETE", `${hook}/messages/@original`, undefined, null)).status).toBe(204);
    expect(await call(f, "GET", `${hook}/messages/@original`, undefined, null)).toMatchObject({
      status: 404,
      json: { code: 10008 },
    });
    gateway.ws.close();
  });

  it("GIVEN a deleted channel message THEN fetching or editing it answers 404 / 10008", async () => {
    const f = await start();
    const posted = await call(f, "POST", `/channels/${f.channel().id}/messages`, { content: "bye" });
    const path = `/channels/${f.channel().id}/messages/${(posted.json as { id: string }).id}`;
    expect((await call(f, "DELETE", path)).status).toBe(204);
    expect(await call(f, "GET", path)).toMatchObject({ status: 404, json: { code: 10008 } });
    expect(await call(f, "PATCH", path, { content: "again" })).toMatchObject({
      status: 404,
      json: { code: 10008 },
    });
    expect(f.channelMessages(f.channel().id)).toHaveLength(0);
  });

  it("GIVEN a message Discord would refuse THEN 50035 for an over-long content and 50006 for an empty one", async () => {
    const f = await start();
    const path = `/channels/${f.channel().id}/messages`;
    expect(await call(f, "POST", path, { content: "x".repeat(2001) })).toMatchObject({
      status: 400,
      json: { code: 50035, errors: { content: {} } },
    });
    expect(await call(f, "POST", path, { content: "" })).toMatchObject({
      status: 400,
      json: { code: 50006 },
    });
    expect(await call(f, "POST", "/channels/1/messages", { content: "hi" })).toMatchObject({
      status: 404,
      json: { code: 10003 },
    });
    expect(f.channelMessages(f.channel().id)).toHaveLength(0);
  });

  it("GIVEN a file above attachmentSizeLimit THEN the upload is refused with 413 / 40005", async () => {
    const f = await start({ attachmentSizeLimit: 1_000 });
    const form = new FormData();
    form.append(
      "payload_json",
      JSON.stringify({ content: "video", attachments: [{ id: "0", filename: "out.mp4" }] }),
    );
    form.append("files[0]", new Blob([new Uint8Array(1_001)], { type: "video/mp4" }), "out.mp4");
    const res = await fetch(`${f.apiUrl}/v10/channels/${f.channel().id}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${f.token}` },
      body: form,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 40005 });
    expect(f.requests.at(-1)?.files.map((file) => [file.field, file.filename, file.size])).toEqual([
      ["files[0]", "out.mp4", 1_001],
    ]);
  });

  it("GIVEN commands registered with PUT THEN they echo with ids, keep ids on re-PUT and type slash options", async () => {
    const f = await start();
    const gateway = await identify(f);
    const guild = f.guilds[0]?.id ?? "";
    const i2v = {
      name: "i2v",
      description: "Image to video",
      options: [{ type: 3, name: "seed", description: "Seed" }],
    };
    const first = await call(f, "PUT", `/applications/${f.applicationId}/guilds/${guild}/commands`, [i2v]);
    expect(first.json).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        name: "i2v",
        guild_id: guild,
        application_id: f.applicationId,
      }),
    ]);
    const second = await call(f, "PUT", `/applications/${f.applicationId}/guilds/${guild}/commands`, [i2v]);
    const id = (second.json as { id: string }[])[0]?.id;
    expect(id).toBe((first.json as { id: string }[])[0]?.id);
    expect((await call(f, "GET", `/applications/${f.applicationId}/guilds/${guild}/commands`)).json).toEqual(
      second.json,
    );
    expect(
      await call(f, "PUT", `/applications/${f.applicationId}/commands`, [
        { name: "Bad Name", description: "x" },
      ]),
    ).toMatchObject({ status: 400, json: { code: 50035 } });

    const command = f.sendSlashCommand({ name: "i2v", options: { seed: "42" } });
    expect(command.payload.data).toMatchObject({
      id,
      guild_id: guild,
      options: [{ name: "seed", type: 3, value: "42" }],
    });
    gateway.ws.close();
  });
});

describe("fake Discord rate limits", () => {
  const edits = async (f: FakeDiscord, count: number): Promise<Reply[]> => {
    const posted = await call(f, "POST", `/channels/${f.channel().id}/messages`, { content: "0%" });
    const id = (posted.json as { id: string }).id;
    const replies: Reply[] = [];
    for (let i = 1; i <= count; i += 1)
      replies.push(
        await call(f, "PATCH", `/channels/${f.channel().id}/messages/${id}`, { content: `${i}%` }),
      );
    return replies;
  };

  it("GIVEN six message writes in one channel within 5 s THEN record mode answers them all but logs one would-be 429", async () => {
    const f = await start({ now: clock().now });
    expect((await edits(f, 5)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(f.rateLimitHits).toEqual([
      expect.objectContaining({ method: "PATCH", bucket: `channel:${f.channel().id}`, limit: 5 }),
    ]);
  });

  it("GIVEN enforce mode THEN the sixth write gets a 429 with Retry-After and X-RateLimit headers", async () => {
    const f = await start({ now: clock().now, rateLimits: "enforce" });
    const replies = await edits(f, 5);
    expect(replies[0]?.headers.get("x-ratelimit-remaining")).toBe("3");
    const limited = replies[4];
    expect(limited?.status).toBe(429);
    expect(limited?.json).toEqual({ message: "You are being rate limited.", retry_after: 5, global: false });
    expect(limited?.headers.get("retry-after")).toBe("5");
    expect(limited?.headers.get("x-ratelimit-scope")).toBe("user");
  });

  it("GIVEN an injected global rate limit THEN the 429 carries X-RateLimit-Global and is consumed once", async () => {
    const f = await start();
    f.rateLimit({ route: /^\/users\/@me$/, retryAfterMs: 250, global: true });
    const limited = await call(f, "GET", "/users/@me");
    expect(limited).toMatchObject({ status: 429, json: { retry_after: 0.25, global: true } });
    expect(limited.headers.get("x-ratelimit-global")).toBe("true");
    expect((await call(f, "GET", "/users/@me")).status).toBe(200);
  });
});

describe("fake Discord CDN", () => {
  it("GIVEN an attachment with a declared size and type THEN the object claims them while the CDN serves the real bytes", async () => {
    const f = await start();
    const bytes = Buffer.from("GIF89a\x10\x00\x08\x00", "latin1");
    const attachment = f.addAttachment("in.png", bytes, "image/gif", {
      declaredSize: 123,
      declaredContentType: "image/png",
    });
    expect(attachment).toMatchObject({
      filename: "in.png",
      size: 123,
      content_type: "image/png",
      width: 16,
      height: 8,
      ephemeral: true,
    });
    expect(new URL(attachment.url).host).toBe(f.host);
    const res = await fetch(attachment.url);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`http://${f.host}/attachments/ephemeral/1/missing.png`)).status).toBe(404);
    f.failRoute({ route: /^\/attachments\//, status: 503 });
    expect((await fetch(attachment.url)).status).toBe(503);
  });
});

describe("fake Discord gateway", () => {
  it("GIVEN IDENTIFY with the wrong token THEN the socket closes with 4004", async () => {
    const f = await start();
    const gateway = await identify(f, "wrong");
    expect(await gateway.closed).toBe(4004);
    expect(f.identifies).toHaveLength(0);
  });

  it("GIVEN IDENTIFY THEN HELLO, READY and one GUILD_CREATE per guild arrive with increasing sequence numbers", async () => {
    const f = await start({ guilds: [{ name: "A" }, { name: "B", channels: [{ name: "art" }] }] });
    const gateway = await identify(f);
    const frames = await gateway.received(4);
    expect(frames.map((fr) => [fr.op, fr.t, fr.s])).toEqual([
      [10, null, null],
      [0, "READY", 1],
      [0, "GUILD_CREATE", 2],
      [0, "GUILD_CREATE", 3],
    ]);
    expect(f.channel("art", f.guilds[1]?.id).guildId).toBe(f.guilds[1]?.id);
    gateway.ws.close();
  });

  it("GIVEN a pending waitFor WHEN the fake closes THEN the wait rejects and close() can be called twice", async () => {
    const f = await start();
    const pending = f.waitFor((e) => e.type === "messageCreate", { timeoutMs: 10_000 });
    await f.close();
    await f.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
