/**
 * Waiting jobs, served round-robin across users: nobody's second job runs before everyone else's
 * first. Within one user, jobs keep their order.
 */
export class FairQueue<T extends { id: string; userId: string }> {
  private readonly byUser = new Map<string, T[]>();
  /** Users in the order they will next be served. */
  private turn: string[] = [];

  get size(): number {
    let n = 0;
    for (const jobs of this.byUser.values()) n += jobs.length;
    return n;
  }

  countFor(userId: string): number {
    return this.byUser.get(userId)?.length ?? 0;
  }

  push(item: T): void {
    const jobs = this.byUser.get(item.userId);
    if (jobs) jobs.push(item);
    else {
      this.byUser.set(item.userId, [item]);
      this.turn.push(item.userId);
    }
  }

  shift(): T | undefined {
    const userId = this.turn.shift();
    if (userId === undefined) return undefined;
    const jobs = this.byUser.get(userId)!;
    const item = jobs.shift()!;
    if (jobs.length > 0) this.turn.push(userId);
    else this.byUser.delete(userId);
    return item;
  }

  remove(id: string): T | undefined {
    for (const [userId, jobs] of this.byUser) {
      const i = jobs.findIndex((j) => j.id === id);
      if (i < 0) continue;
      const [item] = jobs.splice(i, 1);
      if (jobs.length === 0) {
        this.byUser.delete(userId);
        this.turn = this.turn.filter((u) => u !== userId);
      }
      return item;
    }
    return undefined;
  }

  /** The order jobs would run in if nothing else arrived. */
  order(): T[] {
    const copies = new Map([...this.byUser].map(([u, jobs]) => [u, [...jobs]]));
    const turn = [...this.turn];
    const out: T[] = [];
    while (turn.length > 0) {
      const userId = turn.shift()!;
      const jobs = copies.get(userId)!;
      out.push(jobs.shift()!);
      if (jobs.length > 0) turn.push(userId);
    }
    return out;
  }

  /** 1-based place in line, or undefined when the job is not waiting. */
  position(id: string): number | undefined {
    const i = this.order().findIndex((j) => j.id === id);
    return i < 0 ? undefined : i + 1;
  }
}
