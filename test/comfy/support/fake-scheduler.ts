import type { Clock } from "../../../src/clock.js";

interface Task {
  id: number;
  at: number;
  callback: () => void;
}

/** A manual clock: nothing runs until the test advances it. */
export class FakeScheduler implements Clock {
  now = 0;
  private nextId = 1;
  private tasks: Task[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const task = { id: this.nextId++, at: this.now + ms, callback };
    this.tasks.push(task);
    return task.id;
  }

  clearTimeout(handle: unknown): void {
    this.tasks = this.tasks.filter((t) => t.id !== handle);
  }

  /** Delays of the timers still waiting, soonest first. */
  get pending(): number[] {
    return [...this.tasks].sort((a, b) => a.at - b.at).map((t) => t.at - this.now);
  }

  /** Runs every timer due within `ms`, in order, including ones scheduled meanwhile. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }

  /** Runs the soonest timer, whatever its delay; returns that delay. */
  runNext(): number | undefined {
    const delay = this.pending[0];
    if (delay !== undefined) this.advance(delay);
    return delay;
  }
}
