import { describe, expect, it } from "vitest";
import { type StatusView, statusText } from "../../commands/status.js";

const GIB = 1024 ** 3;
const now = 10_000_000;

function view(admin: boolean, averageJobSeconds?: number): StatusView {
  return {
    admin,
    now,
    running: 2,
    waiting: 3,
    averageJobSeconds,
    servers: [
      {
        name: "10.0.0.5:8188",
        address: "10.0.0.5:8188",
        up: true,
        version: "0.3.64",
        gpus: [
          { name: "cuda:0 NVIDIA GeForce RTX 3090", vramUsedBytes: 1.5 * GIB, vramTotalBytes: 24 * GIB },
          { name: "cuda:1 NVIDIA GeForce RTX 3090", vramUsedBytes: 20.25 * GIB, vramTotalBytes: 24 * GIB },
        ],
        queueDepth: 4,
        ourJobs: 2,
      },
      {
        name: "small box",
        address: "10.0.0.6:8188",
        up: false,
        downSince: now - 125_000,
        version: "0.3.60",
        gpus: [],
        ourJobs: 0,
      },
    ],
  };
}

describe("the /status text", () => {
  it("GIVEN an admin THEN each server shows its address, version, queue, our jobs and VRAM in GiB", () => {
    const text = statusText(view(true, 83));
    expect(text).toContain("1 of 2 up");
    expect(text).toMatch(/10\.0\.0\.5:8188.*up.*ComfyUI 0\.3\.64.*queue 4.*our jobs there 2/);
    expect(text).toContain("cuda:0 NVIDIA GeForce RTX 3090: 1.5 / 24.0 GiB");
    expect(text).toContain("cuda:1 NVIDIA GeForce RTX 3090: 20.3 / 24.0 GiB");
    expect(text).toMatch(/small box \(10\.0\.0\.6:8188\).*down for 2 min 5 s/);
    expect(text).toContain("2 being made, 3 waiting");
    expect(text).toContain("1 min 23 s per video on average");
  });

  it("GIVEN someone who is not an admin THEN no address and no GPU is shown, only names or numbers", () => {
    const text = statusText(view(false));
    expect(text).not.toContain("10.0.0.");
    expect(text).not.toMatch(/RTX|GiB|cuda/);
    expect(text).toContain("**server 1**");
    expect(text).toContain("**small box**");
    expect(text).toContain("no finished videos yet");
  });

  it("GIVEN a Dutch user THEN the status reads in Dutch", () => {
    const text = statusText({ ...view(false, 83), locale: "nl" });
    expect(text).toContain("**Videoservers**: 1 van 2 bereikbaar");
    expect(text).toContain("onbereikbaar sinds 2 min 5 s");
    expect(text).toContain("2 in de maak, 3 wachtend");
    expect(text).toContain("gemiddeld 1 min 23 s per video");
  });
});
