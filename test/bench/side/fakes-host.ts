/**
 * The fake Discord (and the ComfyUI emulator) in a process of their own, so the runner that measures
 * does not share an event loop with them. Mode `ack`: one fake Discord per peer (bot, bare discord.js,
 * floor), bursts of /i2v on request. Mode `journey`: one world with the emulator running, a 1080p JPEG
 * /i2v at a time, timed to the prompt's POST and from `execution_success` to the video's upload.
 */
import { rmSync } from "node:fs";
import sharp from "sharp";
import { z } from "zod";
import { type Fakes, startFakes } from "../../e2e/harness.js";
import type { APIAttachment } from "discord.js";
import { jobShown, preciseNow, refused, sleep, tinyPng, until } from "../bench-world.js";
import { type HostMessage, type RunnerMessage, type Target, targets } from "./protocol.js";

const mode = z.enum(["ack", "journey"]).parse(process.argv[2]);
const send = (message: HostMessage) => process.send!(message);
const VIDEO_BYTES = 10 * 2 ** 20;
/** The full-size video's node; the compact copy and the last frame keep the emulator's small files. */
const MAIN_VIDEO_NODE = "16";

let sent = 0;
const lastAnswered = new Map<Target, number>();
const callbackPath = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

async function burst(fakes: Fakes, target: Target, size: number, png: Buffer): Promise<HostMessage> {
  const fake = fakes.discord;
  const attachments: APIAttachment[] = Array.from({ length: size }, () =>
    fake.addAttachment("in.png", png, "image/png"),
  );
  const firstRequest = fake.requests.length;
  const connectionsBefore = fake.connectionsAccepted();
  const idleMs = preciseNow() - (lastAnswered.get(target) ?? 0);
  const mark = fake.mark();
  const sentAt = new Map<string, number>();
  for (const [i, image] of attachments.entries()) {
    const user = `user${sent++ % USERS.length}`;
    const handle = fake.sendSlashCommand({
      user,
      name: "i2v",
      options: { image, prompt: `burst ${i}`, duration: 1 },
    });
    sentAt.set(handle.id, preciseNow());
  }
  let seen = 0;
  await fake.waitFor((e) => e.type === "callback" && sentAt.has(e.callback.interactionId) && ++seen >= size, {
    since: mark,
    timeoutMs: 30_000,
  });
  const latencies: number[] = [];
  const counted = new Set<string>();
  for (const request of fake.requests.slice(firstRequest)) {
    const id = callbackPath.exec(request.path)?.[1];
    if (!id || counted.has(id) || !sentAt.has(id)) continue;
    counted.add(id);
    latencies.push(request.receivedAt - sentAt.get(id)!);
  }
  const connections = fake.connectionsAccepted() - connectionsBefore;
  if (target === "bot") {
    // The next burst starts from a quiet bot: every job shown (or refused) first. Not timed.
    const ids = [...sentAt.keys()];
    await until(() => ids.every((id) => jobShown(fake, id) || refused(fake, id)), 120_000, "burst settled");
  }
  lastAnswered.set(target, preciseNow());
  return { type: "burst", seq: 0, latencies, connections, idleMs };
}

const historySchema = z.record(
  z.string(),
  z.looseObject({
    status: z.looseObject({
      messages: z.array(z.tuple([z.string(), z.looseObject({ timestamp: z.number() })])),
    }),
  }),
);

async function journey(fakes: Fakes, jpeg: Buffer): Promise<HostMessage> {
  const { discord, comfy } = fakes;
  const image = discord.addAttachment("photo.jpg", jpeg, "image/jpeg");
  const firstPrompt = comfy.prompts.length;
  const firstRequest = discord.requests.length;
  const at = Date.now();
  discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a slow pan", duration: 1 } });
  const accepted = () => comfy.prompts.slice(firstPrompt).find((p) => p.status === 200 && p.promptId);
  await until(() => accepted() !== undefined, 30_000, "prompt posted");
  const prompt = accepted()!;
  const upload = () =>
    discord.requests.slice(firstRequest).find((r) => r.files.some((f) => f.size >= VIDEO_BYTES));
  await until(() => upload() !== undefined, 60_000, "video uploaded");
  const response = await fetch(`${comfy.url}/history/${prompt.promptId}`);
  const entry = Object.values(historySchema.parse(await response.json()))[0];
  const success = entry?.status.messages.find(([name]) => name === "execution_success")?.[1].timestamp;
  if (success === undefined) throw new Error("no execution_success in the history");
  const posted = upload()!;
  await until(() => posted.status !== 0, 30_000, "upload answered");
  await sleep(300);
  return {
    type: "journey",
    seq: 0,
    toPrompt: prompt.receivedAt - at,
    toUpload: posted.receivedAt - success,
    uploadBytes: Math.max(...posted.files.map((f) => f.size)),
  };
}

/** Bursts come from many users, so no user reaches the per-user cap over the whole run. */
const USERS = Array.from({ length: 20 }, (_, i) => ({ username: `user${i}`, roles: ["Member"] }));

/** A 1920×1080 photo-like JPEG (noise, so it weighs what a photo does). */
const photo = () =>
  sharp({
    create: {
      width: 1920,
      height: 1080,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();

const env = {
  MAX_WAITING: "100000",
  MAX_WAITING_PER_USER: "1000",
  LOG_LEVEL: "warn",
};

async function main(): Promise<void> {
  const worlds = new Map<Target, Fakes>();
  const close = async () => {
    for (const fakes of worlds.values()) {
      await fakes.discord.close();
      await fakes.comfy.close();
      rmSync(fakes.dataDir, { recursive: true, force: true });
    }
  };
  process.on("disconnect", () => void close().finally(() => process.exit(0)));
  if (mode === "ack") {
    for (const target of targets)
      worlds.set(target, await startFakes({ discord: { now: preciseNow, users: USERS }, env }));
    worlds.get("bot")!.comfy.pause();
  } else {
    worlds.set(
      "bot",
      await startFakes({
        comfy: {
          stepDelayMs: 1,
          nodeDelayMs: 0,
          previews: false,
          videoBytes: (nodeId) => (nodeId === MAIN_VIDEO_NODE ? VIDEO_BYTES : undefined),
        },
        discord: { now: Date.now, attachmentSizeLimit: 25 * 2 ** 20 },
        env,
      }),
    );
  }
  const png = await tinyPng();
  const jpeg = mode === "journey" ? await photo() : Buffer.alloc(0);
  const bot = worlds.get("bot")!;
  const endpoint = (fakes: Fakes) => ({
    apiUrl: fakes.discord.apiUrl,
    gatewayUrl: fakes.discord.gatewayUrl,
    token: fakes.discord.token,
  });
  send({
    type: "ready",
    env: bot.env,
    dataDir: bot.dataDir,
    ...(mode === "ack"
      ? {
          endpoints: {
            bot: endpoint(bot),
            bare: endpoint(worlds.get("bare")!),
            floor: endpoint(worlds.get("floor")!),
          },
        }
      : {}),
  });
  process.on("message", (message: RunnerMessage) => {
    const run =
      message.type === "burst"
        ? burst(worlds.get(message.target)!, message.target, message.size, png)
        : journey(bot, jpeg);
    run.then(
      (reply) => send({ ...reply, seq: message.seq } as HostMessage),
      (error: unknown) => send({ type: "error", message: String(error) }),
    );
  });
}

await main();
