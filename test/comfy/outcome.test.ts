import { describe, expect, it } from "vitest";

import { isComfyError } from "../../src/comfy/errors.js";
import { outcomeFromHistory } from "../../src/comfy/outcome.js";
import { historySchema } from "../../src/comfy/schemas.js";
import { loadHttpExamples } from "./support/traces.js";

const examples = loadHttpExamples();

function recordedEntry(label: string) {
  const history = historySchema.parse(examples.find((e) => e.label === label)?.response.json);
  const [promptId, entry] = Object.entries(history)[0] ?? [];
  if (!promptId || !entry) throw new Error(`no entry in ${label}`);
  return { promptId, entry };
}

describe("outcomeFromHistory", () => {
  it("GIVEN the recorded success entry THEN it yields the mp4 from node 5, not cached", () => {
    const { promptId, entry } = recordedEntry("GET /history/{prompt_id} (after success)");
    expect(outcomeFromHistory(promptId, entry)).toEqual({
      promptId,
      outputs: {
        "5": [{ filename: "trace_video_00001.mp4", subfolder: "", type: "output", format: "video/h264-mp4" }],
      },
      cached: false,
    });
  });

  it("GIVEN the recorded error entry THEN it is EXECUTION_ERROR at node 4 with its exception type", () => {
    const { promptId, entry } = recordedEntry("GET /history/{prompt_id} (after execution_error)");
    const outcome = outcomeFromHistory(promptId, entry);
    expect(isComfyError(outcome, "EXECUTION_ERROR")).toBe(true);
    expect(isComfyError(outcome) && outcome.diagnostics).toMatchObject({
      nodeId: "4",
      exceptionType: "RuntimeError",
    });
  });

  it("GIVEN the recorded interrupt entry (status_str error) THEN the last message makes it INTERRUPTED", () => {
    const { promptId, entry } = recordedEntry("GET /history/{prompt_id} (after interrupt)");
    expect(entry.status?.status_str).toBe("error");
    expect(isComfyError(outcomeFromHistory(promptId, entry), "INTERRUPTED")).toBe(true);
  });

  it("GIVEN a success entry whose cached nodes include the output THEN the result is cached", () => {
    const { promptId, entry } = recordedEntry("GET /history/{prompt_id} (after success)");
    const messages = entry.status?.messages.map(([name, data]) =>
      name === "execution_cached"
        ? ([name, { ...data, nodes: ["1", "2", "3", "4", "5"] }] as [string, Record<string, unknown>])
        : [name, data],
    );
    const cachedEntry = {
      ...entry,
      status: entry.status && { ...entry.status, messages: messages as [string, Record<string, unknown>][] },
    };
    const outcome = outcomeFromHistory(promptId, cachedEntry);
    expect(!isComfyError(outcome) && outcome.cached).toBe(true);
  });

  it("GIVEN a success entry without any file THEN it is OUTPUT_MISSING", () => {
    const { promptId, entry } = recordedEntry("GET /history/{prompt_id} (after success)");
    expect(isComfyError(outcomeFromHistory(promptId, { ...entry, outputs: {} }), "OUTPUT_MISSING")).toBe(
      true,
    );
  });
});
