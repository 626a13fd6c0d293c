import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "../logger.js";
import type { LeaseHolder, LeaseTable } from "./contract.js";

/** Another bot holds the lease and this one was not asked to stand by. */
export class LeaseHeldError extends Error {
  override readonly name = "LeaseHeldError";
  constructor(readonly holder: LeaseHolder) {
    super(
      `Another Oelala Bot is already running on this job store: process ${holder.pid} on host ${holder.host}, ` +
        `active since ${new Date(holder.since).toISOString()}. Stop that one first, or start this one with ` +
        "STANDBY=true to have it take over when that one stops.",
    );
  }
}

export interface LeaseKeeper {
  readonly ownerId: string;
  /** True while our lease surely has not expired: false at once after a long pause or a failed renewal. */
  held(): boolean;
  /** Stops renewing and gives the lease up, so a standby can take over at once. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  ttlMs: number;
  standby: boolean;
  logger: Logger;
  /** Called once when the lease is lost; the bot must stop touching jobs. */
  onLost: () => void;
  now?: () => number;
  /** How often a standby asks whether the lease is free (default 1 s). */
  pollMs?: number;
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes the store's lease before the bot recovers or runs anything, and renews it every third of its
 * lifetime. A standby polls until the holder's lease expires (it stopped, crashed or was cut off).
 */
export async function takeLease(table: LeaseTable, options: LeaseOptions): Promise<LeaseKeeper> {
  const now = options.now ?? Date.now;
  const { ttlMs, logger } = options;
  const me = { ownerId: randomUUID(), host: hostname(), pid: process.pid, since: now() };
  let waitingLogged = false;
  let dead: string | undefined;
  for (;;) {
    const attempt = await table.acquire({ ...me, since: now() }, ttlMs, now(), dead);
    if (attempt.ok) break;
    if (attempt.holder.host === me.host && !isRunning(attempt.holder.pid)) {
      // The holder was a process on this machine that is gone (a crash, a SIGKILL): no need to wait.
      logger.info({ pid: attempt.holder.pid }, "the bot that held the job store is gone; taking over");
      dead = attempt.holder.ownerId;
      continue;
    }
    if (!options.standby) throw new LeaseHeldError(attempt.holder);
    if (!waitingLogged) {
      const { host, pid, since } = attempt.holder;
      logger.info({ host, pid, since: new Date(since).toISOString() }, "standing by: another bot is active");
      waitingLogged = true;
    }
    await sleep(options.pollMs ?? 1_000);
  }
  let renewedAt = now();
  let lost = false;
  let released = false;

  function lose(reason: string) {
    if (lost || released) return;
    lost = true;
    clearInterval(timer);
    logger.error({ reason }, "lost the job store's lease; this bot stops touching jobs");
    options.onLost();
  }

  const timer = setInterval(
    () => {
      const started = now();
      if (started - renewedAt >= ttlMs) return lose("not renewed in time (the process was paused)");
      table.renew(me.ownerId, ttlMs, started).then(
        (ok) => (ok ? (renewedAt = started) : lose("another bot took it")),
        (error: unknown) => {
          logger.warn({ err: error }, "lease renewal failed; trying again");
          if (now() - renewedAt >= ttlMs) lose("the store did not answer in time");
        },
      );
    },
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  logger.info({ ownerId: me.ownerId, ttlMs }, "job store lease taken");

  return {
    ownerId: me.ownerId,
    held: () => !lost && !released && now() - renewedAt < ttlMs,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (!lost) await table.release(me.ownerId).catch(() => undefined);
    },
  };
}
