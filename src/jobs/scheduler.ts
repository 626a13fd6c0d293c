import { FairQueue } from "./fair-queue.js";
import type { JobRecord } from "./job.js";
import type { ServerLane } from "./lane.js";
import type { LiveJobs } from "./live-jobs.js";
import type { JobPresenter } from "./presenter.js";

export interface SchedulerDeps {
  lanes: ServerLane[];
  live: LiveJobs;
  presenter: JobPresenter;
  /** Starts one job on a lane; must mark it running before it returns (the next pick counts it). */
  start(job: JobRecord, lane: ServerLane): void;
  stopped(): boolean;
  /** Told of the number of jobs waiting in our queue whenever it changes. */
  onQueueDepth?: ((depth: number) => void) | undefined;
}

/** Our waiting jobs in a fair queue, the choice of a free server, and the pump that joins them. */
export function createScheduler(deps: SchedulerDeps) {
  const queue = new FairQueue<{ id: string; userId: string }>();

  /** The healthy server with room and the least work (others' prompts plus our jobs there). */
  function freeLane(): ServerLane | undefined {
    const healthy = deps.lanes.filter((l) => l.healthy());
    // With every server down a job still goes to one: its lane waits a while for it, then fails clearly.
    const free = (healthy.length > 0 ? healthy : deps.lanes).filter((l) => deps.live.onLane(l) < l.slots);
    const work = (l: ServerLane) => deps.live.onLane(l) + (l.load?.() ?? 0);
    return free.sort((a, b) => work(a) - work(b))[0];
  }

  /** The waiting jobs in the order they will run. */
  function order(): JobRecord[] {
    return queue.order().flatMap((w) => {
      const live = deps.live.get(w.id);
      return live?.where.at === "waiting" ? [live.job] : [];
    });
  }

  /** The place each waiting job was last told, so a pump that moves nobody tells nobody. */
  const told = new Map<string, number>();
  let announcing: Promise<void> | undefined;
  let announceAgain = false;

  async function announceChanged(): Promise<void> {
    const running = deps.live.running();
    const ours = new Set(running.flatMap((r) => (r.job.promptId ? [r.job.promptId] : [])));
    const others = await Promise.all(deps.lanes.map((l) => l.othersQueued(ours).catch(() => 0)));
    const ahead = Math.min(...others, Number.MAX_SAFE_INTEGER) + running.length;
    const waiting = order();
    const stillWaiting = new Set(waiting.map((job) => job.id));
    for (const id of told.keys()) if (!stillWaiting.has(id)) told.delete(id);
    const changed = waiting.flatMap((job, i) =>
      told.get(job.id) === ahead + i + 1 ? [] : [{ job, at: ahead + i + 1 }],
    );
    await Promise.all(
      changed.map(({ job, at }) => {
        told.set(job.id, at);
        // Not told after all: the next pump tries again.
        return deps.presenter.queued(job, at).catch(() => told.delete(job.id));
      }),
    );
  }

  /** Tells waiting jobs whose place changed; calls while one runs are folded into one more round. */
  function announcePositions(): Promise<void> {
    if (announcing) {
      announceAgain = true;
      return announcing;
    }
    announcing = (async () => {
      do {
        announceAgain = false;
        await announceChanged();
      } while (announceAgain);
    })().finally(() => (announcing = undefined));
    return announcing;
  }

  function pump() {
    if (deps.stopped()) return;
    deps.onQueueDepth?.(queue.size);
    for (let lane = freeLane(); lane && queue.size > 0; lane = freeLane()) {
      const next = queue.shift()!;
      const live = deps.live.get(next.id);
      if (live?.where.at === "waiting") deps.start(live.job, lane);
    }
    void announcePositions().catch(() => undefined);
  }

  return {
    get size() {
      return queue.size;
    },
    order,
    pump,
    announcePositions,
    /** Puts a job at the end of its user's line. */
    enqueue(job: JobRecord) {
      // Back in line after running: its message showed something else since, so its place is news.
      told.delete(job.id);
      deps.live.put(job, { at: "waiting" });
      queue.push({ id: job.id, userId: job.origin.userId });
    },
    /** Takes a waiting job out of line; false when it was not waiting. */
    withdraw(id: string): boolean {
      if (deps.live.get(id)?.where.at !== "waiting") return false;
      queue.remove(id);
      deps.live.drop(id);
      return true;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
