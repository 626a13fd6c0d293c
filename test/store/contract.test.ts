import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobRecord } from "../../src/jobs/job.js";
import type { LinkRecord } from "../../src/links/entry.js";
import { fencedJobs } from "../../src/store/fence.js";
import { makeJob } from "../pool/fixtures.js";
import { capturedLogger, closeAll, redisBackend, redisSkipReason, sqliteBackend } from "./backends.js";

afterEach(closeAll);

const day = "2026-12-02";
const at = (job: JobRecord, createdAt: number, changes: Partial<JobRecord> = {}): JobRecord => ({
  ...job,
  createdAt,
  updatedAt: createdAt,
  ...changes,
});
const link = (videoPath: string, expiresAt: number): LinkRecord => ({
  title: "a fox",
  width: 64,
  height: 48,
  durationSeconds: 1,
  videoPath,
  createdAt: expiresAt - 1000,
  expiresAt,
});

const suites = [
  { backend: sqliteBackend, skip: undefined },
  { backend: redisBackend, skip: redisSkipReason },
];

for (const { backend, skip } of suites) {
  describe.skipIf(!!skip)(`${backend.name} store contract${skip ? ` (skipped: ${skip})` : ""}`, () => {
    beforeAll(() => backend.start());
    afterAll(() => backend.stop());

    describe("jobs", () => {
      it("GIVEN a job with a long interaction token and a non-ASCII prompt THEN another connection reads it back unchanged", async () => {
        const place = await backend.fresh();
        const job: JobRecord = {
          ...makeJob("tok"),
          origin: {
            userId: "123456789012345678",
            guildId: "223456789012345678",
            channelId: "323456789012345678",
            locale: "nl",
            interactionToken: `aW50ZXJhY3Rpb246${randomBytes(3072).toString("base64url")}`,
            interactionAt: 1_700_000_000_000,
            attachmentSizeLimit: 25 * 1024 * 1024,
          },
          request: { ...makeJob("tok").request, prompt: "een vos 🦊 in de sneeuw — “zacht licht”\nslow pan" },
        };
        await (await place.open()).jobs.create(job);
        const other = await place.open();
        expect(await other.jobs.get("tok")).toEqual(job);
        expect(await other.jobs.get("nope")).toBeUndefined();
        await expect(other.jobs.create(job)).rejects.toThrow();
      });

      it("GIVEN a stored job THEN a transition from its state wins, one from a stale state is a lost race, and an illegal one is refused", async () => {
        const store = await (await backend.fresh()).open();
        const job = makeJob("j1");
        await store.jobs.create(job);

        const preparing = { ...job, state: "preparing" as const, attempts: 1 };
        expect(await store.jobs.transition("queued", preparing)).toEqual({ ok: true, job: preparing });
        expect(await store.jobs.transition("queued", { ...job, state: "cancelled" })).toEqual({
          ok: false,
          reason: "lost_race",
          current: "preparing",
        });
        expect(await store.jobs.transition("preparing", { ...job, state: "done" })).toMatchObject({
          ok: false,
          reason: "illegal",
        });
        expect((await store.jobs.get("j1"))?.state).toBe("preparing");
        await store.jobs.transition("preparing", { ...preparing, state: "failed" });
        for (const to of ["queued", "running", "failed"] as const) {
          expect((await store.jobs.transition("failed", { ...job, state: to })).ok).toBe(false);
        }
        expect(await store.jobs.transition("queued", { ...job, state: "preparing", id: "ghost" })).toEqual({
          ok: false,
          reason: "lost_race",
          current: undefined,
        });
      });

      it("GIVEN two processes racing to take the same queued jobs THEN each job is taken by exactly one", async () => {
        const place = await backend.fresh();
        const [a, b] = [await place.open(), await place.open()];
        const ids = Array.from({ length: 30 }, (_, i) => `race-${i}`);
        for (const id of ids) await a.jobs.create(makeJob(id));
        const take = (store: typeof a, id: string) =>
          store.jobs.transition("queued", { ...makeJob(id), state: "preparing" }).then((r) => r.ok);
        const wins = await Promise.all(ids.flatMap((id) => [take(a, id), take(b, id)]));
        expect(wins.filter(Boolean)).toHaveLength(ids.length);
        for (let i = 0; i < ids.length; i++) expect(wins[2 * i]).not.toBe(wins[2 * i + 1]);
      });

      it("GIVEN jobs in several states THEN listing by state gives exactly those, oldest first, and a prompt id finds its job", async () => {
        const place = await backend.fresh();
        const store = await place.open();
        const created = [5, 1, 4, 2, 3].map((t) => at(makeJob(`j${t}`), t * 1000));
        for (const job of created) await store.jobs.create(job);
        await store.jobs.transition("queued", { ...created[2]!, state: "preparing" });
        await store.jobs.transition("preparing", { ...created[2]!, state: "submitted", promptId: "p-4" });
        await store.jobs.transition("queued", { ...created[0]!, state: "cancelled" });

        const reopened = await place.open();
        const ids = (states: Parameters<typeof store.jobs.listByState>[0]) =>
          reopened.jobs.listByState(states).then((jobs) => jobs.map((j) => j.id));
        expect(await ids(["queued", "submitted"])).toEqual(["j1", "j2", "j3", "j4"]);
        expect(await ids(["queued"])).toEqual(["j1", "j2", "j3"]);
        expect(await ids(["cancelled"])).toEqual(["j5"]);
        expect((await reopened.jobs.findByPromptId("p-4"))?.id).toBe("j4");
        expect(await reopened.jobs.findByPromptId("p-none")).toBeUndefined();
      });

      it("GIVEN 1,200 old finished jobs, recent finished ones and old unfinished ones THEN pruning removes only the old finished", async () => {
        const store = await (await backend.fresh()).open();
        for (let i = 0; i < 1200; i++) {
          const job = at(makeJob(`old-${i}`), 1000 + i);
          await store.jobs.create(job);
          await store.jobs.transition("queued", {
            ...job,
            state: i % 2 ? "cancelled" : "failed",
            updatedAt: 5000,
          });
        }
        const recent = at(makeJob("recent"), 1000);
        await store.jobs.create(recent);
        await store.jobs.transition("queued", { ...recent, state: "cancelled", updatedAt: 20_000 });
        await store.jobs.create(at(makeJob("waiting"), 10));

        expect(await store.jobs.pruneFinished(10_000)).toBe(1200);
        expect(await store.jobs.get("old-3")).toBeUndefined();
        expect((await store.jobs.get("recent"))?.state).toBe("cancelled");
        expect((await store.jobs.listByState(["queued"])).map((j) => j.id)).toEqual(["waiting"]);
        expect((await store.jobs.listByState(["failed", "cancelled"])).map((j) => j.id)).toEqual(["recent"]);
      });

      it("GIVEN done, failed and unfinished jobs of two users THEN a user's done jobs come back last finished first, paged by limit and offset, pruned ones gone", async () => {
        const place = await backend.fresh();
        const store = await place.open();
        const finish = async (id: string, userId: string, finishedAt: number, to: "done" | "failed") => {
          const job = at(makeJob(id, userId), 100);
          await store.jobs.create(job);
          let from: JobRecord["state"] = "queued";
          for (const state of ["preparing", "submitted", "delivering"] as const) {
            await store.jobs.transition(from, { ...job, state });
            from = state;
          }
          const result = { ...job, state: to, updatedAt: finishedAt };
          expect((await store.jobs.transition(from, result)).ok).toBe(true);
        };
        for (const [i, finishedAt] of [3000, 1000, 5000, 2000, 4000].entries()) {
          await finish(`alice-${finishedAt}`, "alice", finishedAt, "done");
          await finish(`bob-${i}`, "bob", finishedAt + 1, "done");
        }
        await finish("alice-failed", "alice", 9000, "failed");
        await store.jobs.create(at(makeJob("alice-waiting", "alice"), 9500));

        const reopened = await place.open();
        const ids = (userId: string, limit: number, offset: number) =>
          reopened.jobs.doneByUser(userId, { limit, offset }).then((jobs) => jobs.map((j) => j.id));
        expect(await ids("alice", 2, 0)).toEqual(["alice-5000", "alice-4000"]);
        expect(await ids("alice", 2, 2)).toEqual(["alice-3000", "alice-2000"]);
        expect(await ids("alice", 2, 4)).toEqual(["alice-1000"]);
        expect(await ids("alice", 2, 6)).toEqual([]);
        expect(await ids("bob", 10, 0)).toEqual(["bob-2", "bob-4", "bob-0", "bob-3", "bob-1"]);
        expect(await ids("carol", 10, 0)).toEqual([]);

        await reopened.jobs.pruneFinished(2500);
        expect(await ids("alice", 10, 0)).toEqual(["alice-5000", "alice-4000", "alice-3000"]);
        expect(await ids("alice", 1, 2)).toEqual(["alice-3000"]);
      });

      it("GIVEN a record written by a newer bot version THEN it is refused with a log line, not trusted", async () => {
        const place = await backend.fresh();
        const { lines, logger } = capturedLogger();
        await (await place.open()).jobs.create(makeJob("future"));
        await place.raw.setJobVersion("future", 99);
        const store = await place.open(logger);
        expect(await store.jobs.get("future")).toBeUndefined();
        expect(await store.jobs.listByState(["queued"])).toEqual([]);
        expect(lines.some((l) => String(l["msg"]).includes("newer version") && l["version"] === 99)).toBe(
          true,
        );
      });
    });

    describe("quota", () => {
      it("GIVEN two processes taking one at a time at once THEN never more than the limit is taken", async () => {
        const place = await backend.fresh();
        const [a, b] = [await place.open(), await place.open()];
        const takes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).quota.tryTake("u1", day, 1, 5)),
        );
        expect(takes.filter((t) => t.taken)).toHaveLength(5);
        expect(await a.quota.used("u1", day)).toBe(5);
        expect(await b.quota.tryTake("u1", day, 1, 5)).toEqual({ taken: false, used: 5 });
      });

      it("GIVEN cost units THEN a take that would pass the limit is refused whole, a new day starts at zero, and a give-back counts", async () => {
        const store = await (await backend.fresh()).open();
        expect(await store.quota.tryTake("u1", day, 3, 5)).toEqual({ taken: true, used: 3 });
        expect(await store.quota.tryTake("u1", day, 3, 5)).toEqual({ taken: false, used: 3 });
        expect(await store.quota.tryTake("u1", day, 2.5, 5)).toEqual({ taken: false, used: 3 });
        expect(await store.quota.tryTake("u1", day, 2, 5)).toEqual({ taken: true, used: 5 });
        expect(await store.quota.giveBack("u1", day, 3)).toBe(2);
        expect(await store.quota.giveBack("u1", "2026-12-01", 3)).toBe(0);
        expect(await store.quota.used("u1", day)).toBe(2);
        expect(await store.quota.used("u2", day)).toBe(0);
        expect(await store.quota.tryTake("u1", "2026-12-03", 4, 5)).toEqual({ taken: true, used: 4 });
        expect(await store.quota.used("u1", day)).toBe(0);
        expect(await store.quota.tryTake("u1", "2026-12-03", 1000, Infinity)).toEqual({
          taken: true,
          used: 1004,
        });
      });
    });

    describe("links", () => {
      it("GIVEN links THEN one resolves until it expires, expired ones are listed oldest first, and a file stays in use while a live link serves it", async () => {
        const place = await backend.fresh();
        const store = await place.open();
        await store.links.put("h-old", link("/v/a.mp4", 1000));
        await store.links.put("h-shared-old", link("/v/s.mp4", 2000));
        await store.links.put("h-shared-new", link("/v/s.mp4", 9000));

        const other = await place.open();
        expect((await other.links.get("h-old", 999))?.videoPath).toBe("/v/a.mp4");
        expect(await other.links.get("h-old", 1000)).toBeUndefined();
        expect(await other.links.get("h-none", 0)).toBeUndefined();
        expect((await other.links.expired(5000, 10)).map((e) => e.hash)).toEqual(["h-old", "h-shared-old"]);
        expect((await other.links.expired(5000, 1)).map((e) => e.hash)).toEqual(["h-old"]);
        expect(await other.links.inUse("/v/s.mp4", 5000)).toBe(true);
        expect(await other.links.inUse("/v/a.mp4", 5000)).toBe(false);
        await other.links.delete("h-shared-new");
        expect(await other.links.inUse("/v/s.mp4", 5000)).toBe(false);
        expect((await other.links.expired(10_000, 10)).map((e) => e.hash)).toEqual(["h-old", "h-shared-old"]);
      });
    });

    describe("meta", () => {
      it("GIVEN a stored value THEN it reads back through its schema, and one that does not fit is logged and absent", async () => {
        const place = await backend.fresh();
        await (await place.open()).meta.set("phaseCosts", { loading: 1 });
        const { lines, logger } = capturedLogger();
        const store = await place.open(logger);
        expect(await store.meta.get("phaseCosts", z.object({ loading: z.number() }))).toEqual({ loading: 1 });
        expect(await store.meta.get("phaseCosts", z.object({ loading: z.string() }))).toBeUndefined();
        expect(await store.meta.get("missing", z.number())).toBeUndefined();
        expect(lines.some((l) => l["key"] === "phaseCosts" && l["level"] === 40)).toBe(true);
      });
    });

    describe("lease", () => {
      it("GIVEN one holder THEN a second is refused and told who holds it, until the lease expires or is released", async () => {
        const place = await backend.fresh();
        const [a, b] = [await place.open(), await place.open()];
        const first = { ownerId: "A", host: "box-a", pid: 11, since: 1_000 };
        const second = { ownerId: "B", host: "box-b", pid: 22, since: 2_000 };
        const now = Date.now();
        expect(await a.lease.acquire(first, 60_000, now)).toEqual({ ok: true });
        expect(await b.lease.acquire(second, 60_000, now)).toEqual({
          ok: false,
          holder: { ...first, expiresAt: now + 60_000 },
        });
        expect(await a.lease.renew("A", 60_000, now + 10)).toBe(true);
        expect(await b.lease.renew("B", 60_000, now + 10)).toBe(false);
        await a.lease.release("A");
        expect(await b.lease.acquire(second, 300, Date.now())).toEqual({ ok: true });
        await new Promise((r) => setTimeout(r, 400));
        // B's lease lapsed: A takes it back, and B can no longer renew.
        expect(await a.lease.acquire(first, 60_000, Date.now())).toEqual({ ok: true });
        expect(await b.lease.renew("B", 60_000, Date.now())).toBe(false);
      });

      it("GIVEN a bot paused between its own lease check and its write WHEN another bot took the lease meanwhile THEN the store refuses the write and the job stays as the new holder left it", async () => {
        const place = await backend.fresh();
        const [a, b] = [await place.open(), await place.open()];
        await a.lease.acquire({ ownerId: "A", host: "box", pid: 11, since: 1_000 }, 200, Date.now());
        // What A's own check said just before the pause (SIGSTOP): the lease was still its own.
        const pausedA = fencedJobs(a, { ownerId: "A", held: () => true });
        const job = makeJob("taken-over");
        await pausedA.create(job);
        const submitted = { ...job, state: "submitted" as const, promptId: "p-1", server: "s1" };
        expect((await pausedA.transition("queued", { ...job, state: "preparing" })).ok).toBe(true);
        expect((await pausedA.transition("preparing", submitted)).ok).toBe(true);

        await new Promise((r) => setTimeout(r, 300));
        expect(
          await b.lease.acquire({ ownerId: "B", host: "box", pid: 22, since: 2_000 }, 60_000, Date.now()),
        ).toEqual({
          ok: true,
        });
        const activeB = fencedJobs(b, { ownerId: "B", held: () => true });
        const [recovered] = await activeB.listByState(["submitted"]);
        expect(recovered?.id).toBe(job.id);

        // A wakes and its writes reach the store now: refused, so B's recovery is not undone.
        expect(await pausedA.transition("submitted", { ...submitted, state: "running" })).toEqual({
          ok: false,
          reason: "lease_lost",
        });
        await expect(pausedA.create(makeJob("late"))).rejects.toThrow(/lease/);
        expect(await b.jobs.get("late")).toBeUndefined();
        expect((await b.jobs.get(job.id))?.state).toBe("submitted");
        expect((await activeB.transition("submitted", { ...submitted, state: "running" })).ok).toBe(true);
      });
    });
  });
}
