import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { objectInfoSchema } from "../../src/comfy/object-info.js";
import {
  featuresSchema,
  filesOf,
  historySchema,
  nameListSchema,
  promptInfoSchema,
  queuePromptAcceptedSchema,
  queuePromptRejectedSchema,
  queueSchema,
  systemStatsSchema,
  uploadImageSchema,
} from "../../src/comfy/schemas.js";
import { type HttpExample, loadHttpExamples } from "./support/traces.js";

/** Which schema reads which recorded answer; undefined for answers without a JSON body. */
function schemaFor(example: HttpExample): z.ZodType | undefined {
  const { method, path } = example.request;
  const { status } = example.response;
  const route = path.split("?")[0] ?? path;
  if (method === "POST" && route === "/prompt") {
    return status === 200
      ? queuePromptAcceptedSchema
      : status === 400
        ? queuePromptRejectedSchema
        : undefined;
  }
  if (status !== 200) return undefined;
  if (route === "/upload/image") return uploadImageSchema;
  if (route === "/system_stats") return systemStatsSchema;
  if (route.startsWith("/object_info")) return objectInfoSchema;
  if (route === "/models" || route.startsWith("/models/") || route === "/embeddings") return nameListSchema;
  if (route === "/prompt") return promptInfoSchema;
  if (route === "/queue" && method === "GET") return queueSchema;
  if (route === "/features") return featuresSchema;
  if (route.startsWith("/history")) return historySchema;
  return undefined;
}

const examples = loadHttpExamples();

describe("HTTP response schemas", () => {
  it("GIVEN the recorded examples THEN all 57 are present", () => {
    expect(examples).toHaveLength(57);
  });

  it.each(examples.map((e) => [e.label, e] as const))("GIVEN %s THEN its body parses", (_label, example) => {
    const schema = schemaFor(example);
    const body = example.response.json;
    if (body === undefined || body === null) {
      expect(schema === undefined || example.response.status !== 200).toBe(true);
      return;
    }
    expect(schema, `no schema reads ${example.request.method} ${example.request.path}`).toBeDefined();
    const parsed = schema?.safeParse(body);
    expect(parsed?.success, JSON.stringify(parsed?.error?.issues ?? []).slice(0, 400)).toBe(true);
  });

  it("GIVEN /queue with a running and a pending prompt THEN each item names its prompt and client", () => {
    const example = examples.find((e) => e.label === "GET /queue (one running, one pending)");
    const queue = queueSchema.parse(example?.response.json);
    expect(queue.running.map((i) => [i.number, i.promptId, i.clientId, i.outputNodes])).toEqual([
      [20, "28dc592a-fc4a-4dab-b598-d9384c93cb1a", "trace-queue-07cc7a", ["5"]],
    ]);
    expect(queue.pending.map((i) => i.promptId)).toEqual(["079567d5-19ad-4454-ba22-551a25155017"]);
  });

  it("GIVEN a pending heap out of order THEN pending comes back sorted by number", () => {
    const item = (n: number) => [n, `p${n}`, {}, { client_id: "c" }, ["5"]];
    const queue = queueSchema.parse({
      queue_running: [],
      queue_pending: [item(9), item(3), item(7), item(4)],
    });
    expect(queue.pending.map((i) => i.promptId)).toEqual(["p3", "p4", "p7", "p9"]);
  });

  it("GIVEN an older server's 6-element queue item THEN it still parses", () => {
    const queue = queueSchema.parse({
      queue_running: [[1, "p", {}, {}, ["5"], { secret: 1 }]],
      queue_pending: [],
    });
    expect(queue.running[0]?.promptId).toBe("p");
  });

  it("GIVEN a VHS output with fullpath THEN the file ref keeps only the fields the bot may show", () => {
    const files = filesOf({
      gifs: [
        {
          filename: "v.mp4",
          subfolder: "",
          type: "output",
          format: "video/h264-mp4",
          fullpath: "/srv/x/v.mp4",
        },
      ],
      animated: [false],
      text: ["hello"],
    });
    expect(files).toEqual([{ filename: "v.mp4", subfolder: "", type: "output", format: "video/h264-mp4" }]);
  });
});
