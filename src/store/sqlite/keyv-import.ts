import type Database from "better-sqlite3";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { linkRecordSchema } from "../../links/entry.js";
import { parseStoredJob } from "../job-schema.js";

const quotaV0 = z.object({ day: z.string(), count: z.number().int().min(0) });

/** keyv escapes strings that start with ":" by doubling it. */
function keyvValue(text: string): unknown {
  const revive = (_: string, v: unknown) => (typeof v === "string" && v.startsWith("::") ? v.slice(1) : v);
  const parsed = z.object({ value: z.unknown() }).safeParse(JSON.parse(text, revive));
  return parsed.success ? parsed.data.value : undefined;
}

/**
 * Moves the records of the keyv store (version 0) into their tables: jobs, quota counts, link records
 * and meta values. What does not parse is refused with a log line. The old table is dropped afterwards.
 */
export function importKeyvRecords(db: Database.Database, logger: Logger | undefined): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'keyv'").get();
  if (!exists) return;
  const rows = db.prepare("SELECT key, value FROM keyv").all() as Array<{ key: string; value: string }>;
  const insertJob = db.prepare(
    "INSERT OR IGNORE INTO jobs (id, state, created_at, updated_at, prompt_id, version, record) VALUES (?, ?, ?, ?, ?, 1, ?)",
  );
  const counts = { jobs: 0, refused: 0 };
  for (const { key, value } of rows) {
    const name = key.replace(/^oelala:/, "");
    let data: unknown;
    try {
      data = keyvValue(value);
    } catch {
      data = undefined;
    }
    if (name.startsWith("job:")) {
      const job = parseStoredJob(0, data, logger, `keyv ${name}`);
      if (!job) {
        counts.refused++;
        continue;
      }
      insertJob.run(
        job.id,
        job.state,
        job.createdAt,
        job.updatedAt,
        job.promptId ?? null,
        JSON.stringify(job),
      );
      counts.jobs++;
    } else if (name.startsWith("meta:quota:")) {
      const parsed = quotaV0.safeParse(data);
      if (parsed.success) {
        db.prepare("INSERT OR REPLACE INTO quota (user_id, day, used) VALUES (?, ?, ?)").run(
          name.slice("meta:quota:".length),
          parsed.data.day,
          parsed.data.count,
        );
      }
    } else if (name.startsWith("meta:")) {
      if (data !== undefined) {
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(
          name.slice("meta:".length),
          JSON.stringify(data),
        );
      }
    } else if (name.startsWith("link:")) {
      const parsed = linkRecordSchema.safeParse(data);
      if (parsed.success) {
        db.prepare(
          "INSERT OR REPLACE INTO links (hash, video_path, expires_at, record) VALUES (?, ?, ?, ?)",
        ).run(
          name.slice("link:".length),
          parsed.data.videoPath,
          parsed.data.expiresAt,
          JSON.stringify(parsed.data),
        );
      } else counts.refused++;
    }
  }
  db.exec("DROP TABLE keyv");
  logger?.info(counts, "records of the earlier keyv store moved into their tables");
}
