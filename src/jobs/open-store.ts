import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";
import { type JobStore, createKeyvJobStore } from "./store.js";

/** The default store: a SQLite file in the data folder. */
export function openSqliteJobStore(dataDir: string): JobStore {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const store = new KeyvSqlite({ uri: `sqlite://${join(dir, "oelala-bot.sqlite")}`, busyTimeout: 5_000 });
  return createKeyvJobStore(new Keyv({ store, namespace: "oelala" }));
}
