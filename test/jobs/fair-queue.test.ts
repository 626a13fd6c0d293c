import { describe, expect, it } from "vitest";
import { FairQueue } from "../../src/jobs/fair-queue.js";

const job = (userId: string, n: number) => ({ id: `${userId}${n}`, userId });

describe("fair queue", () => {
  it("GIVEN 20 jobs from 4 users arriving in bursts THEN they are served interleaved, not in arrival order", () => {
    const q = new FairQueue<{ id: string; userId: string }>();
    for (const user of ["a", "b", "c", "d"]) for (let n = 1; n <= 5; n++) q.push(job(user, n));
    const served: string[] = [];
    for (let item = q.shift(); item; item = q.shift()) served.push(item.id);
    expect(served.slice(0, 8)).toEqual(["a1", "b1", "c1", "d1", "a2", "b2", "c2", "d2"]);
    expect(served).toHaveLength(20);
    // Nobody's fifth job runs before someone else's first.
    expect(served.indexOf("a5")).toBeGreaterThan(served.indexOf("d1"));
  });

  it("GIVEN a late user THEN their first job goes before the busy user's next ones", () => {
    const q = new FairQueue<{ id: string; userId: string }>();
    for (let n = 1; n <= 4; n++) q.push(job("a", n));
    expect(q.shift()?.id).toBe("a1");
    q.push(job("b", 1));
    expect(q.position("b1")).toBe(2);
    expect(q.order().map((j) => j.id)).toEqual(["a2", "b1", "a3", "a4"]);
  });

  it("GIVEN a removed job THEN positions close up and counts follow", () => {
    const q = new FairQueue<{ id: string; userId: string }>();
    q.push(job("a", 1));
    q.push(job("b", 1));
    q.push(job("b", 2));
    expect(q.remove("a1")?.id).toBe("a1");
    expect(q.position("b2")).toBe(2);
    expect(q.countFor("b")).toBe(2);
    expect(q.countFor("a")).toBe(0);
    expect(q.size).toBe(2);
    expect(q.remove("zzz")).toBeUndefined();
  });
});
