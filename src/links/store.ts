/** The part of a keyv instance the link registry needs; a `Keyv` satisfies it as is. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

/** A store that lives as long as the process; values are copied as JSON, like a real store would. */
export function createMemoryStore(): KeyValueStore & { readonly size: number } {
  const values = new Map<string, string>();
  return {
    get size() {
      return values.size;
    },
    async get(key) {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    async set(key, value) {
      values.set(key, JSON.stringify(value));
      return true;
    },
    async delete(key) {
      return values.delete(key);
    },
  };
}
