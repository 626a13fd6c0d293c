import { describe, expect, test } from "vitest";
import { checkDevices } from "../../src/doctor/devices.js";
import { catalogue, settingsFrom, stats } from "./support.js";

const devicesFrom = (env: Record<string, string> = {}) => settingsFrom(env).devices;

describe("checkDevices", () => {
  test("GIVEN the owner's two-GPU allocation on a single-GPU box THEN ✗ names cuda:1, its env vars and a single-GPU fix", () => {
    const line = checkDevices(
      devicesFrom(),
      catalogue({ devices: ["cpu", "cuda:0"] }),
      stats({ gpus: ["cuda:0"] }),
    );
    expect(line).toEqual({
      ok: false,
      label: "cuda:1 (DISTORCH_ALLOCATION, COMPUTE_DEVICE) is not on this server, which has cpu, cuda:0",
      fix: "set DISTORCH_ALLOCATION=cuda:0,8gb;cpu,* and COMPUTE_DEVICE=cuda:0 (suggested for a single-GPU host)",
    });
  });

  test("GIVEN the suggested single-GPU settings THEN the same box passes", () => {
    const devices = devicesFrom({ DISTORCH_ALLOCATION: "cuda:0,8gb;cpu,*", COMPUTE_DEVICE: "cuda:0" });
    const line = checkDevices(
      devices,
      catalogue({ devices: ["cpu", "cuda:0"] }),
      stats({ gpus: ["cuda:0"] }),
    );
    expect(line.ok).toBe(true);
    expect(line.label).toBe("devices cuda:0, cpu present (cuda:0 NVIDIA GeForce RTX 4090 24 GiB)");
  });

  test("GIVEN a two-GPU box and the owner's defaults THEN ✓ lists the devices used", () => {
    const line = checkDevices(devicesFrom(), catalogue(), stats());
    expect(line.ok).toBe(true);
    expect(line.label).toMatch(/^devices cuda:0, cuda:1, cpu present/);
  });

  test("GIVEN VAE_DEVICE on a GPU the box lacks THEN only VAE_DEVICE is named, with the compute GPU as its value", () => {
    const line = checkDevices(devicesFrom({ VAE_DEVICE: "cuda:2" }), catalogue(), stats());
    expect(line.ok).toBe(false);
    expect(line.label).toBe("cuda:2 (VAE_DEVICE) is not on this server, which has cpu, cuda:0, cuda:1");
    expect(line.fix).toBe("set VAE_DEVICE=cuda:1 (suggested for a 2-GPU host)");
  });

  test("GIVEN a CPU-only server THEN every GPU named is missing and the fix says there is no GPU", () => {
    const line = checkDevices(devicesFrom(), catalogue({ devices: ["cpu"] }), stats({ gpus: [] }));
    expect(line.label).toBe(
      "cuda:0 (DISTORCH_ALLOCATION) and cuda:1 (DISTORCH_ALLOCATION, COMPUTE_DEVICE) are not on this server, which has cpu",
    );
    expect(line.fix).toBe(
      "set DISTORCH_ALLOCATION=cpu,* and COMPUTE_DEVICE=cpu (suggested for a host without GPUs; it will be very slow)",
    );
  });

  test("GIVEN MultiGPU lists cuda:1 but a multi-device /system_stats does not THEN cuda:1 counts as missing", () => {
    const line = checkDevices(devicesFrom(), catalogue(), stats({ gpus: ["cuda:0"], version: "0.23.1" }));
    expect(line.ok).toBe(false);
    expect(line.label).toMatch(/^cuda:1 /);
  });

  test("GIVEN an older ComfyUI whose /system_stats lists only its own GPU THEN MultiGPU's list is trusted", () => {
    const line = checkDevices(devicesFrom(), catalogue(), stats({ gpus: ["cuda:0"], version: "0.3.64" }));
    expect(line.ok).toBe(true);
  });

  test("GIVEN no MultiGPU loaders and an old single-device /system_stats THEN cuda:1 cannot be confirmed", () => {
    const info = catalogue({
      dropClasses: [
        "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
        "VAELoaderDisTorch2MultiGPU",
        "CLIPLoaderDisTorch2MultiGPU",
      ],
    });
    const line = checkDevices(devicesFrom(), info, stats({ gpus: ["cuda:0"] }));
    expect(line.ok).toBe("warn");
    expect(line.label).toMatch(/^cuda:1 \(DISTORCH_ALLOCATION, COMPUTE_DEVICE\) cannot be confirmed/);
  });
});
