import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The rule ids `npm run lint` reports for `code` if it were the file at `path`. */
async function lintAs(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("house rules enforced by npm run lint", () => {
  it.each([
    ["src/comfy/new-room.ts", 'import { Client } from "discord.js";'],
    ["src/workflow/new-room.ts", 'import { REST } from "@discordjs/rest";'],
    ["src/jobs/new-room.ts", 'import type { Client } from "discord.js";'],
    ["src/media/new-room.ts", 'export { Client } from "discord.js";'],
  ])("GIVEN the core file %s imports discord.js THEN lint fails", async (path, code) => {
    expect(await lintAs(path, `${code}\nexport const x = 1;\n`)).toContain("no-restricted-imports");
  });

  it.each([
    ["src/jobs/new-room.ts", 'import { renderJob } from "../discord/job-embeds.js";'],
    ["src/workflow/new-room.ts", 'import { commands } from "../../commands/index.js";'],
    ["src/media/new-room.ts", 'import type { Router } from "../discord/router.js";'],
    ["src/comfy/new-room.ts", 'import { startJob } from "../discord/start-job.js";'],
  ])("GIVEN the core file %s imports the Discord edge THEN lint fails", async (path, code) => {
    expect(await lintAs(path, `${code}\nexport const x = 1;\n`)).toContain("import-x/no-restricted-paths");
  });

  it.each([
    'import { createJobService } from "../jobs/service.js";',
    'import { loadI2VTemplate } from "../workflow/template.js";',
    'import type { Config } from "../config.js";',
    'import { createPool } from "../pool/pool.js";',
  ])("GIVEN src/comfy imports a room above it (%s) THEN lint fails", async (code) => {
    expect(await lintAs("src/comfy/new-room.ts", `${code}\nexport const x = 1;\n`)).toContain(
      "import-x/no-restricted-paths",
    );
  });

  it("GIVEN src/jobs imports the pool that implements its lane port THEN lint fails", async () => {
    const code =
      'import { createI2VExecutor } from "../pool/execute.js";\nexport const x = createI2VExecutor;\n';
    expect(await lintAs("src/jobs/new-room.ts", code)).toContain("import-x/no-restricted-paths");
  });

  it("GIVEN src/comfy imports itself and the shared errors and logger THEN lint passes", async () => {
    const code = [
      'import type { ApiPrompt } from "./prompt.js";',
      'import { UserError } from "../errors.js";',
      'import type { Logger } from "../logger.js";',
      "export const x = (p: ApiPrompt, l: Logger) => [p, l, UserError];",
      "",
    ].join("\n");
    expect(await lintAs("src/comfy/new-room.ts", code)).toEqual([]);
  });

  it("GIVEN two modules that import each other THEN lint fails with a cycle", async () => {
    // binary-frames.ts imports frames.ts; frames.ts importing it back closes the loop.
    const code =
      'import { parseBinaryFrame } from "./binary-frames.js";\nexport const parse = parseBinaryFrame;\n';
    expect(await lintAs("src/comfy/frames.ts", code)).toContain("import-x/no-cycle");
  });
});
