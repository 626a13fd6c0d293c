import type { LinkTable } from "../store/contract.js";
import type { LinkRecord } from "./entry.js";

/** Links that live as long as the process; records are copied as JSON, like a real store would. */
export function createMemoryLinkTable(): LinkTable & { readonly size: number } {
  const records = new Map<string, string>();
  const all = () => [...records].map(([hash, text]) => ({ hash, record: JSON.parse(text) as LinkRecord }));
  return {
    get size() {
      return records.size;
    },
    async put(hash, record) {
      records.set(hash, JSON.stringify(record));
    },
    async get(hash, now) {
      const text = records.get(hash);
      const record = text === undefined ? undefined : (JSON.parse(text) as LinkRecord);
      return record && record.expiresAt > now ? record : undefined;
    },
    async expired(now, max) {
      return all()
        .filter((r) => r.record.expiresAt <= now)
        .sort((a, b) => a.record.expiresAt - b.record.expiresAt)
        .slice(0, max);
    },
    async inUse(path, now) {
      return all().some((r) => r.record.videoPath === path && r.record.expiresAt > now);
    },
    async delete(hash) {
      records.delete(hash);
    },
  };
}
