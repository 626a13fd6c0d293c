import { afterEach, describe, expect, it } from "vitest";
import { type World, startWorld, testImage } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** 5,000 LoRA files as a busy server would list them: pairs, lone experts, general ones, deep folders. */
function manyLoras(): string[] {
  const files: string[] = [];
  for (let i = 0; i < 1_500; i++) {
    files.push(
      `wan 2.2/motion/style_${i}_high_noise.safetensors`,
      `wan 2.2/motion/style_${i}_low_noise.safetensors`,
    );
  }
  for (let i = 0; i < 1_000; i++)
    files.push(`general/character_${i}_${"x".repeat(i % 3 === 0 ? 120 : 4)}.safetensors`);
  for (let i = 0; i < 1_000; i++) files.push(`effects/effect_${i}_HN.safetensors`);
  files.push(
    "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
    "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors",
  );
  return files;
}

describe("LoRA autocomplete at scale", () => {
  it("GIVEN 5,000 LoRAs THEN autocomplete answers at most 25 valid choices and a chosen pair runs with both halves", async () => {
    const loras = manyLoras();
    expect(loras.length).toBeGreaterThanOrEqual(5_000);
    world = await startWorld({ loras, comfy: { stepDelayMs: 2 } });
    const w = world;

    const auto = w.discord.sendAutocomplete({
      name: "i2v",
      options: { prompt: "x", lora: "lightx2v" },
      focused: "lora",
    });
    const answer = (await auto.waitForCallback(3_000)) as {
      type: number;
      data: { choices: { name: string; value: string }[] };
    };
    expect(answer.type).toBe(8);
    const choices = answer.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(new Set(choices.map((c) => c.name)).size).toBe(choices.length);
    expect(choices[0]!.name).toMatch(/lightx2v/);

    const broad = w.discord.sendAutocomplete({
      name: "i2v",
      options: { lora: "character" },
      focused: "lora",
    });
    const broadAnswer = (await broad.waitForCallback(3_000)) as {
      data: { choices: { name: string; value: string }[] };
    };
    expect(broadAnswer.data.choices).toHaveLength(25);
    expect(broadAnswer.data.choices.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);

    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const run = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "a fox", duration: 1, lora: choices[0]!.value, lora_strength: 0.8 },
    });
    await run.waitForCallback(3_000);
    await w.discord.waitFor(
      (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
      {
        timeoutMs: 20_000,
      },
    );
    const accepted = w.comfy.prompts.find((p) => p.status === 200)!.body as {
      prompt: Record<string, { inputs: Record<string, unknown> }>;
    };
    expect(accepted.prompt["17"]?.inputs["lora_name"]).toBe(
      "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
    );
    expect(accepted.prompt["18"]?.inputs["lora_name"]).toBe(
      "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors",
    );
    expect(accepted.prompt["17"]?.inputs["strength_model"]).toBe(0.8);
  });

  it("GIVEN a LoRA file name longer than 100 characters THEN its choice still maps back to the full name", async () => {
    const long = `general/${"very_long_descriptive_name_".repeat(6)}final.safetensors`;
    expect(long.length).toBeGreaterThan(100);
    world = await startWorld({ loras: [long], comfy: { stepDelayMs: 2 } });
    const w = world;
    const auto = w.discord.sendAutocomplete({ name: "i2v", options: { lora: "final" }, focused: "lora" });
    const choice = (
      (await auto.waitForCallback(3_000)) as { data: { choices: { name: string; value: string }[] } }
    ).data.choices[0]!;
    expect(choice.name.length).toBeLessThanOrEqual(100);
    expect(choice.value.length).toBeLessThanOrEqual(100);

    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const run = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "a fox", duration: 1, lora: choice.value },
    });
    await run.waitForCallback(3_000);
    await w.discord.waitFor(
      (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
      {
        timeoutMs: 20_000,
      },
    );
    const accepted = w.comfy.prompts.find((p) => p.status === 200)!.body as {
      prompt: Record<string, { inputs: Record<string, unknown> }>;
    };
    expect(accepted.prompt["17"]?.inputs["lora_name"]).toBe(long);
    expect(accepted.prompt["18"]?.inputs["lora_name"]).toBe(long);
  });

  it("GIVEN a LoRA copied onto the server after the last refresh THEN typing its file name still works", async () => {
    world = await startWorld({ loras: ["old_style.safetensors"], comfy: { stepDelayMs: 2 } });
    const w = world;
    const combo = w.comfy.objectInfo["LoraLoaderModelOnly"]!.input.required!["lora_name"]![0] as string[];
    combo.push("brand_new_style.safetensors");
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const run = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "a fox", duration: 1, lora: "brand_new_style.safetensors" },
    });
    await run.waitForCallback(3_000);
    await w.discord.waitFor(
      (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
      {
        timeoutMs: 20_000,
      },
    );
    const accepted = w.comfy.prompts.find((p) => p.status === 200)!.body as {
      prompt: Record<string, { inputs: Record<string, unknown> }>;
    };
    expect(accepted.prompt["17"]?.inputs["lora_name"]).toBe("brand_new_style.safetensors");
  });
});
