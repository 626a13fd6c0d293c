import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComfyEmulator, startComfyEmulator } from "../fakes/comfy/index.js";
import { ownerModels, testImage } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const loras = [
  "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
  "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors",
];

let dir: string;
let image: string;
let webPage: string;
let comfy: ComfyEmulator;

/** Runs the CLI; `onStderr` sees its error stream as it grows and may signal the process. */
function cli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (stderr: string, child: ChildProcess) => void,
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(tsx, [join(root, "src/cli.ts"), ...args], {
      cwd: dir,
      env: { PATH: process.env["PATH"] ?? "", HOME: dir, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "oelala-cli-"));
  image = join(dir, "fox.png");
  writeFileSync(image, await testImage(800, 600));
  webPage = join(dir, "cat.png");
  writeFileSync(webPage, "<!doctype html><html><body>hi</body></html>");
  comfy = await startComfyEmulator({
    stepDelayMs: 3,
    models: { ...ownerModels, loras },
    inputFiles: { "oelala-render.png": readFileSync(image) },
  });
});
afterAll(async () => {
  await comfy.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(prompt: unknown) {
  const res = await fetch(`${comfy.url}/prompt`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt, client_id: "cli-test" }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("npm run cli -- render", () => {
  it("GIVEN --dry-run THEN it prints a prompt the ComfyUI emulator accepts, without contacting anything", async () => {
    const run = await cli([
      "render",
      "--dry-run",
      "--image",
      image,
      "--prompt",
      "a fox",
      "--duration",
      "5",
      "--aspect",
      "16:9",
    ]);
    expect(run.code).toBe(0);
    const prompt = JSON.parse(run.stdout) as Record<
      string,
      { class_type: string; inputs: Record<string, unknown> }
    >;
    expect(Object.keys(prompt).sort((a, b) => Number(a) - Number(b))).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
      "12",
      "13",
      "14",
      "15",
      "16",
      "19",
      "21",
      "22",
    ]);
    expect(prompt["12"]!.inputs["length"]).toBe(81);
    expect(prompt["21"]!.inputs["batch_index"]).toBe(80);
    expect(prompt["9"]!.inputs["text"]).toBe("a fox");
    const accepted = await post(prompt);
    expect(accepted.status).toBe(200);
    expect(accepted.body["node_errors"]).toEqual({});
    await comfy.idle();
  });

  it("GIVEN --lora with a server THEN the LoRA nodes appear with both halves of the pair", async () => {
    const run = await cli([
      "render",
      "--dry-run",
      "--comfy",
      comfy.url,
      "--image",
      image,
      "--prompt",
      "a fox",
      "--lora",
      "wan2.2_i2v_lightx2v_4steps_lora_v1",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const prompt = JSON.parse(run.stdout) as Record<string, { inputs: Record<string, unknown> }>;
    expect(prompt["17"]!.inputs["lora_name"]).toBe(loras[0]);
    expect(prompt["18"]!.inputs["lora_name"]).toBe(loras[1]);
    expect(prompt["5"]!.inputs["model"]).toEqual(["17", 0]);
    expect((await post(prompt)).status).toBe(200);
    await comfy.idle();
  });

  it.each([
    [["render", "--dry-run", "--image", "/nope/missing.png", "--prompt", "x"], /cannot read the image/],
    [
      ["render", "--dry-run", "--image", "IMAGE", "--prompt", "x", "--aspect", "5:4"],
      /--aspect must be one of/,
    ],
    [["render", "--dry-run", "--image", "IMAGE", "--prompt", "x", "--duration", "999"], /duration/i],
    [["render", "--dry-run", "--image", "IMAGE"], /--prompt is required/],
    // The sentence /i2v gives for the same file (test/e2e/i2v-refusals.test.ts): one draft for both.
    [["render", "--dry-run", "--image", "WEB_PAGE", "--prompt", "x"], /web page, not an image/],
    [["render", "--dry-run", "--image", "IMAGE", "--prompt", "x", "--bogus"], /bogus/],
  ])("GIVEN %j THEN it exits non-zero with a one-line reason", async (args, reason) => {
    const run = await cli(args.map((a) => (a === "IMAGE" ? image : a === "WEB_PAGE" ? webPage : a)));
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe("");
  });

  it("GIVEN a ComfyUI THEN render writes a playable mp4 and prints rising percentages that end at 100", async () => {
    const out = join(dir, "out", "fox.mp4");
    const run = await cli(
      [
        "render",
        "--comfy",
        comfy.url,
        "--image",
        image,
        "--prompt",
        "a fox",
        "--duration",
        "2",
        "--out",
        out,
      ],
      {
        VAE_NAME: "wan_2.1_vae.safetensors",
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const mp4 = readFileSync(out);
    expect(mp4.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(mp4.includes(Buffer.from("moov"))).toBe(true);
    const percents = [...run.stderr.matchAll(/^(\d+)% /gm)].map((m) => Number(m[1]));
    expect(percents.length).toBeGreaterThan(3);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]!);
    expect(percents.at(-1)).toBe(100);
  });

  it("GIVEN a render running on ComfyUI WHEN Ctrl-C THEN the server stops the prompt and the CLI says so", async () => {
    const slow = await startComfyEmulator({ stepDelayMs: 400, models: { ...ownerModels, loras } });
    try {
      const out = join(dir, "out", "stopped.mp4");
      let signalled = false;
      const run = await cli(
        [
          "render",
          "--comfy",
          slow.url,
          "--image",
          image,
          "--prompt",
          "a fox",
          "--duration",
          "2",
          "--out",
          out,
        ],
        { VAE_NAME: "wan_2.1_vae.safetensors" },
        (stderr, child) => {
          // Once sampling is under way (a percentage above 0), the user presses Ctrl-C.
          if (!signalled && /^([1-9]\d*)% /m.test(stderr)) {
            signalled = true;
            child.kill("SIGINT");
          }
        },
      );
      expect(signalled).toBe(true);
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toMatch(/cancelled; the ComfyUI server stopped the prompt/);
      expect(run.stdout).toBe("");
      expect(existsSync(out)).toBe(false);
      await slow.idle();
      const history = (await (await fetch(`${slow.url}/history`)).json()) as Record<
        string,
        { status: { messages: [string, unknown][] } }
      >;
      const events = Object.values(history).flatMap((h) => h.status.messages.map(([type]) => type));
      expect(events).toContain("execution_interrupted");
      expect(events).not.toContain("execution_success");
    } finally {
      await slow.close();
    }
  }, 60_000);
});
