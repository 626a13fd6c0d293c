import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("configuration", () => {
  it("GIVEN an empty environment THEN the Oelala defaults apply", () => {
    const config = loadConfig({});
    expect(config.comfyUrls).toEqual(["http://127.0.0.1:8188"]);
    expect(config.models.unetHigh).toBe("wan2.2_i2v_high_noise_14B_Q6_K.gguf");
    expect(config.models.unetLow).toBe("wan2.2_i2v_low_noise_14B_Q6_K.gguf");
    expect(config.models.vae).toBe("wan_2.2_vae.safetensors");
    expect(config.models.textEncoder).toBe("umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors");
    expect(config.devices.allocation).toBe("cuda:0,0.25gb;cuda:1,8gb;cpu,*");
    expect(config.devices.compute).toBe("cuda:1");
    expect(config.sampling).toMatchObject({ shift: 5, splitStep: 3, fps: 16 });
    expect(config.discord.apiUrl).toBe("https://discord.com/api");
    expect(config.discord.attachmentHosts).toEqual(["cdn.discordapp.com", "media.discordapp.net"]);
  });

  it("GIVEN overrides THEN every model name and device is configurable", () => {
    const config = loadConfig({
      COMFYUI_URL: "http://gpu1:8188/, http://gpu2:8188",
      VAE_NAME: "wan_2.1_vae.safetensors",
      DISTORCH_ALLOCATION: "cuda:0,8gb;cpu,*",
      COMPUTE_DEVICE: "cuda:0",
      TEXT_ENCODER_DEVICE: "cpu",
      MODEL_SHIFT: "8",
      LOG_PRETTY: "false",
    });
    expect(config.comfyUrls).toEqual(["http://gpu1:8188", "http://gpu2:8188"]);
    expect(config.models.vae).toBe("wan_2.1_vae.safetensors");
    expect(config.devices).toMatchObject({
      allocation: "cuda:0,8gb;cpu,*",
      compute: "cuda:0",
      vae: "cuda:0",
    });
    expect(config.devices.textEncoder).toBe("cpu");
    expect(config.sampling.shift).toBe(8);
    expect(config.log.pretty).toBe(false);
  });

  it("GIVEN several bad values THEN every problem is reported at once", () => {
    let error: unknown;
    try {
      loadConfig({ COMFYUI_URL: "ftp://x", FPS: "fast", LOG_PRETTY: "maybe", DISTORCH_ALLOCATION: "lots" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of ["COMFYUI_URL", "FPS", "LOG_PRETTY", "DISTORCH_ALLOCATION"])
      expect(problems).toContain(name);
  });

  it("GIVEN a boolean spelled loosely THEN it is refused rather than guessed", () => {
    expect(() => loadConfig({ LOG_PRETTY: "yes please" })).toThrow(ConfigError);
    expect(loadConfig({ LOG_PRETTY: "true" }).log.pretty).toBe(true);
  });

  it("GIVEN a split step at or after the last step THEN it is refused", () => {
    expect(() => loadConfig({ SPLIT_STEP: "6", DEFAULT_STEPS: "6" })).toThrow(/SPLIT_STEP/);
  });
});
