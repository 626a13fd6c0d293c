import type { FakeDiscordEvent, WaitOptions } from "./index.js";

export class FakeDiscordTimeout extends Error {
  override readonly name = "FakeDiscordTimeout";
}

interface Waiter {
  predicate: (event: FakeDiscordEvent) => boolean;
  resolve: (event: FakeDiscordEvent) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Every observable thing the fake does, in order; `waitFor` looks back, then listens. */
export class EventLog {
  readonly events: FakeDiscordEvent[] = [];
  private readonly waiters = new Set<Waiter>();

  emit(event: FakeDiscordEvent): void {
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (!waiter.predicate(event)) continue;
      this.settle(waiter);
      waiter.resolve(event);
    }
  }

  mark(): number {
    return this.events.length;
  }

  waitFor(
    predicate: (event: FakeDiscordEvent) => boolean,
    options: WaitOptions = {},
  ): Promise<FakeDiscordEvent> {
    const past = this.events.slice(options.since ?? 0).find(predicate);
    if (past) return Promise.resolve(past);
    const timeoutMs = options.timeoutMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(waiter);
          reject(new FakeDiscordTimeout(`fake Discord: no matching event within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    for (const waiter of [...this.waiters]) {
      this.settle(waiter);
      waiter.reject(new FakeDiscordTimeout("fake Discord closed while waiting"));
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
