import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuring several ComfyUI servers", () => {
  it("GIVEN a comma list in COMFYUI_URL THEN each server gets the global placement and its host:port as name", () => {
    const config = loadConfig({
      COMFYUI_URL: "http://gpu1:8188/, https://user:secret@gpu2.lan",
      COMPUTE_DEVICE: "cuda:0",
    });
    expect(config.servers.map((s) => [s.name, s.address])).toEqual([
      ["gpu1:8188", "gpu1:8188"],
      ["gpu2.lan", "gpu2.lan"],
    ]);
    expect(config.servers[1]!.devices).toEqual(config.devices);
    expect(JSON.stringify(config.servers.map((s) => s.name))).not.toContain("secret");
    expect(config.serverHealth).toEqual({ intervalMs: 5_000, downGraceMs: 60_000 });
  });

  it("GIVEN COMFYUI_SERVERS THEN it replaces COMFYUI_URL and each entry overrides only what it names", () => {
    const config = loadConfig({
      COMFYUI_URL: "http://ignored:8188",
      VAE_DEVICE: "cuda:1",
      COMFYUI_SERVERS: JSON.stringify([
        { url: "http://gpu1:8188" },
        {
          url: "http://gpu2:8188/",
          name: "gpu2",
          allocation: "cuda:0,8gb;cpu,*",
          computeDevice: "cuda:0",
          vaeDevice: "cuda:0",
        },
        { url: "http://gpu3:8188", computeDevice: "cuda:0", allocation: "cuda:0,4gb;cpu,*" },
      ]),
      COMFYUI_DOWN_GRACE_SECONDS: "0.5",
    });
    expect(config.comfyUrls).toEqual(["http://gpu1:8188", "http://gpu2:8188", "http://gpu3:8188"]);
    expect(config.servers[0]!.devices).toEqual(config.devices);
    expect(config.servers[1]).toMatchObject({
      name: "gpu2",
      address: "gpu2:8188",
      devices: {
        allocation: "cuda:0,8gb;cpu,*",
        compute: "cuda:0",
        vae: "cuda:0",
        textEncoder: "cuda:0",
        donor: "cpu",
      },
    });
    // The global VAE_DEVICE still applies where the entry does not say otherwise.
    expect(config.servers[2]!.devices).toMatchObject({
      compute: "cuda:0",
      vae: "cuda:1",
      textEncoder: "cuda:0",
    });
    expect(config.serverHealth.downGraceMs).toBe(500);
  });

  it("GIVEN a broken COMFYUI_SERVERS THEN the problem is named", () => {
    expect(problems({ COMFYUI_SERVERS: "http://gpu1:8188" })).toEqual([
      expect.stringMatching(/^COMFYUI_SERVERS: expected a JSON array/),
    ]);
    expect(problems({ COMFYUI_SERVERS: "[]" })).toEqual([expect.stringMatching(/^COMFYUI_SERVERS/)]);
    expect(problems({ COMFYUI_SERVERS: '[{"url":"http://a:1","allocation":"lots"}]' })).toEqual([
      expect.stringMatching(/^COMFYUI_SERVERS\.0\.allocation: expected device,size pairs/),
    ]);
    expect(problems({ COMFYUI_SERVERS: '[{"url":"http://a:1","alocation":"cuda:0,8gb"}]' })).toEqual([
      expect.stringMatching(/alocation/),
    ]);
    expect(
      problems({ COMFYUI_SERVERS: '[{"url":"http://a:1","name":"x"},{"url":"http://b:1","name":"x"}]' }),
    ).toEqual([expect.stringMatching(/names must differ \(x\)/)]);
  });
});
