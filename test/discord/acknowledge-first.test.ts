/**
 * The router against a real discord.js client and the fake Discord: the defer is the first thing the
 * fake sees for an interaction, and the quota (the only store read on the way) comes after it.
 */
import { Events, type Client } from "discord.js";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { AccessPolicy } from "../../src/access/policy.js";
import { createAccessControl, memoryQuotaCounter } from "../../src/access/control.js";
import type { QuotaCounter } from "../../src/store/contract.js";
import type { Command, ComponentHandler } from "../../src/discord/command.js";
import type { BotContext } from "../../src/discord/context.js";
import { createRouter } from "../../src/discord/router.js";
import { until } from "../e2e/harness.js";
import { type FakeDiscord, type FakeMessage, loginClient, startFakeDiscord } from "../fakes/discord/index.js";

let fake: FakeDiscord | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await fake?.close();
  client = fake = undefined;
});

const openPolicy: AccessPolicy = {
  allowedGuilds: [],
  allowedChannels: [],
  allowedRoles: [],
  adminUsers: [],
  adminRoles: [],
  dailyQuota: 0,
  nsfwOnly: false,
};

/** The store's quota counter, noting for each quota access how many callbacks the fake had by then. */
function watchedStore() {
  const inner = memoryQuotaCounter();
  const reads: number[] = [];
  const watched: { id?: string } = {};
  const note = () => reads.push(watched.id ? fake!.callbacks(watched.id).length : -1);
  const store: QuotaCounter = {
    async tryTake(userId, day, amount, limit) {
      note();
      return inner.tryTake(userId, day, amount, limit);
    },
    giveBack: (userId, day, amount) => inner.giveBack(userId, day, amount),
    async used(userId, day) {
      note();
      return inner.used(userId, day);
    },
  };
  return { store, reads, watch: (id: string) => (watched.id = id) };
}

/** A /make command that generates (so the gate checks role and quota) and notes when it ran. */
function makeCommand(ran: string[]): Command {
  return {
    kind: "slash",
    data: { name: "make", description: "make something" },
    defer: "public",
    access: "generate",
    async execute(interaction) {
      ran.push(interaction.id);
      await interaction.editReply({ content: "made" });
    },
  };
}

async function startRouter(policy: AccessPolicy, store: QuotaCounter, ran: string[]) {
  fake = await startFakeDiscord({ rateLimits: "off" });
  client = await loginClient(fake);
  const logger = pino({ level: "silent" });
  const bot = {
    config: { access: policy },
    logger,
    client,
    now: Date.now,
    access: createAccessControl(policy, store, Date.now),
  } as unknown as BotContext;
  const components: ComponentHandler[] = [];
  const router = createRouter([makeCommand(ran)], components, bot);
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  return fake;
}

/** Every request the fake received about this interaction, in arrival order. */
function requestsAbout(discord: FakeDiscord, interactionId: string, token: string) {
  return discord.requests
    .filter((r) => r.path.includes(`/interactions/${interactionId}/`) || r.path.includes(token))
    .map((r) => `${r.method} ${r.path.replace(token, "TOKEN").replace(interactionId, "ID")}`);
}

describe("the acknowledgement comes first", () => {
  it("GIVEN a daily quota THEN Discord has the defer before the quota is read, and the command runs", async () => {
    const { store, reads, watch } = watchedStore();
    const ran: string[] = [];
    const discord = await startRouter({ ...openPolicy, dailyQuota: 3 }, store, ran);
    const handle = discord.sendSlashCommand({ name: "make" });
    watch(handle.id);
    expect((await handle.waitForCallback(3_000)).type).toBe(5);
    await discord.waitFor((e) => e.type === "messageUpdate" && e.message.content === "made");
    expect(ran).toEqual([handle.id]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((seen) => seen === 1)).toBe(true);
  });

  it("GIVEN no daily quota (DAILY_QUOTA=0) THEN the store is never read for a command", async () => {
    const { store, reads, watch } = watchedStore();
    const ran: string[] = [];
    const discord = await startRouter(openPolicy, store, ran);
    const handle = discord.sendSlashCommand({ name: "make" });
    watch(handle.id);
    await handle.waitForCallback(3_000);
    await discord.waitFor((e) => e.type === "messageUpdate" && e.message.content === "made");
    expect(reads).toEqual([]);
  });

  it("GIVEN a member without the allowed role THEN the defer is the first request, then the refusal comes privately and no visible reply is left", async () => {
    const { store } = watchedStore();
    const ran: string[] = [];
    const discord = await startRouter({ ...openPolicy, allowedRoles: ["300000000000000009"] }, store, ran);
    const handle = discord.sendSlashCommand({ name: "make" });
    expect((await handle.waitForCallback(3_000)).type).toBe(5);
    const isRefusal = (m: FakeMessage) =>
      m.interactionId === handle.id && (m.flags & 64) === 64 && m.content !== "";
    await discord.waitFor((e) => "message" in e && isRefusal(e.message));
    const refusal = discord.channelMessages(discord.channel().id).find(isRefusal)!;
    expect(refusal.content).toBe("Making videos is only for members with the <@&300000000000000009> role.");
    // The public "thinking…" reply goes after the private sentence is in (the order that cannot lose it).
    const visible = () =>
      discord
        .channelMessages(discord.channel().id)
        .filter((m) => m.interactionId === handle.id && !m.deleted && (m.flags & 64) === 0);
    await until(() => visible().length === 0, 5_000);
    expect(visible()).toEqual([]);
    expect(ran).toEqual([]);
    const order = requestsAbout(discord, handle.id, handle.token);
    expect(order[0]).toBe("POST /interactions/ID/TOKEN/callback");
    expect(order.slice(1)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DELETE .*@original$/),
        expect.stringMatching(/^POST /),
      ]),
    );
  });
});
