import { afterEach, describe, expect, it } from "vitest";
import { createLoraCatalog, type LoraCatalog } from "../../src/loras/catalog.js";

const idleScheduler = { setTimeout: () => 0, clearTimeout: () => undefined };
const open: LoraCatalog[] = [];

async function catalogOf(files: string[]): Promise<LoraCatalog> {
  const catalog = createLoraCatalog({ list: async () => files, refreshMs: 60_000, scheduler: idleScheduler });
  open.push(catalog);
  await catalog.refresh();
  return catalog;
}

afterEach(() => {
  for (const catalog of open.splice(0)) catalog.close();
});

function names(catalog: LoraCatalog, query: string, limit?: number): string[] {
  return catalog.search(query, limit).map((choice) => choice.name);
}

describe("LoRA search ranking", () => {
  const files = [
    "superzoomer.safetensors",
    "z_o_o_m_x.safetensors",
    "slow_zoom.safetensors",
    "zoom_in.safetensors",
    "zoo_m.safetensors",
    "zoom.safetensors",
    "unrelated.safetensors",
  ];

  it("GIVEN a query THEN exact beats prefix beats word prefix beats substring beats subsequence", async () => {
    const catalog = await catalogOf(files);
    expect(names(catalog, "zoom")).toEqual([
      "zoom (general)",
      "zoom_in (general)",
      "slow_zoom (general)",
      "superzoomer (general)",
      "zoo_m (general)",
      "z_o_o_m_x (general)",
    ]);
  });

  it("GIVEN a one-letter query in any case THEN prefix beats word prefix beats substring", async () => {
    const catalog = await catalogOf(["boo.pt", "orbit.pt", "zoom_o.pt", "o.pt", "x.pt"]);
    const expected = ["o (general)", "orbit (general)", "zoom_o (general)", "boo (general)"];
    expect(names(catalog, "o")).toEqual(expected);
    expect(names(catalog, "O")).toEqual(expected);
  });

  it("GIVEN more subsequence matches than fit THEN the ones with the smallest gaps are kept", async () => {
    const wide = Array.from({ length: 30 }, (_, i) => `zbbbq${String.fromCharCode(97 + (i % 26))}${i}.pt`);
    const tight = "zbq_with_a_much_longer_name_than_the_others.pt";
    const catalog = await catalogOf([...wide, tight]);
    const answer = names(catalog, "zq");
    expect(answer).toHaveLength(25);
    expect(answer[0]).toBe("zbq_with_a_much_longer_name_than_the_others (general)");
  });

  it("GIVEN equally good matches THEN the shorter name wins, then alphabetical order", async () => {
    const catalog = await catalogOf(["orbit_long.pt", "orbit_b.pt", "orbit_a.pt", "orbit_xyz.pt"]);
    expect(names(catalog, "orb")).toEqual([
      "orbit_a (general)",
      "orbit_b (general)",
      "orbit_xyz (general)",
      "orbit_long (general)",
    ]);
  });

  it("GIVEN spaces, another case or words in another order THEN the LoRA is still found", async () => {
    const catalog = await catalogOf(["Orbit_Cam_HN.safetensors", "Orbit_Cam_LN.safetensors", "tilt.pt"]);
    expect(names(catalog, "orbit cam")).toEqual(["Orbit_Cam (high+low)"]);
    expect(names(catalog, "ORBIT-CAM")).toEqual(["Orbit_Cam (high+low)"]);
    expect(names(catalog, "cam orbit")).toEqual(["Orbit_Cam (high+low)"]);
  });

  it("GIVEN a folder name THEN the LoRAs in that folder are found", async () => {
    const catalog = await catalogOf([
      "wan 2.2/NSFW-22-H-e8.safetensors",
      "wan 2.2/NSFW-22-L-e8.safetensors",
      "x.pt",
    ]);
    expect(names(catalog, "wan 2.2/")).toEqual(["NSFW-22-e8 (high+low)"]);
  });

  it("GIVEN nothing matches THEN the answer is empty", async () => {
    const catalog = await catalogOf(files);
    expect(catalog.search("qqqq")).toEqual([]);
  });

  it("GIVEN an empty query THEN pairs come first, then the rest alphabetically", async () => {
    const catalog = await catalogOf(["b.pt", "a.pt", "z_cam_HN.pt", "z_cam_LN.pt", "lone_high_noise.pt"]);
    expect(names(catalog, "  ")).toEqual([
      "z_cam (high+low)",
      "a (general)",
      "b (general)",
      "lone_high_noise (high only)",
    ]);
  });

  it("GIVEN a limit THEN at most that many choices, and never more than 25", async () => {
    const catalog = await catalogOf(Array.from({ length: 60 }, (_, i) => `style_${i}.safetensors`));
    expect(catalog.search("style", 3)).toHaveLength(3);
    expect(catalog.search("style", 100)).toHaveLength(25);
    expect(catalog.search("", 100)).toHaveLength(25);
  });

  it("GIVEN the value of a choice or an exact file name typed back THEN that LoRA comes first", async () => {
    const catalog = await catalogOf(files);
    const slow = catalog.resolve("slow_zoom.safetensors")!;
    expect(catalog.search(slow.key)[0]).toEqual({ name: "slow_zoom (general)", value: slow.key });
    expect(names(catalog, "slow_zoom.safetensors")[0]).toBe("slow_zoom (general)");
  });
});

describe("LoRA choice names", () => {
  const head = "cinematic_camera_motion_pack_for_wan_two_point_two_with_extra_words";
  const files = [
    `wan 2.2/${head}_${"filler_".repeat(12)}alpha_v3_e12_high_noise.safetensors`,
    `wan 2.2/${head}_${"filler_".repeat(12)}alpha_v3_e12_low_noise.safetensors`,
    `${head}_${"padding_".repeat(10)}one_${"padding_".repeat(10)}final_v1.safetensors`,
    `${head}_${"padding_".repeat(10)}two_${"padding_".repeat(10)}final_v1.safetensors`,
  ];

  it("GIVEN names over 100 characters THEN choices keep the start, the end and the kind within 100", async () => {
    const catalog = await catalogOf(files);
    const choices = catalog.search("cinematic");
    expect(choices).toHaveLength(3);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.name.startsWith("cinematic_camera_motion")).toBe(true);
      expect(choice.name).toContain("…");
    }
    expect(choices.map((choice) => choice.name)).toContainEqual(
      expect.stringMatching(/alpha_v3_e12 \(high\+low\)$/),
    );
  });

  it("GIVEN long names that differ only in the middle THEN their choice names still differ", async () => {
    const catalog = await catalogOf(files);
    const general = catalog.search("padding").map((choice) => choice.name);
    expect(general).toHaveLength(2);
    expect(new Set(general).size).toBe(2);
    for (const choice of catalog.search("padding")) {
      expect(catalog.resolve(choice.value)?.files[0]).toMatch(/final_v1\.safetensors$/);
    }
  });

  it("GIVEN non-ASCII names THEN shortening never splits a character", async () => {
    const catalog = await catalogOf([`${"🌸".repeat(80)}.safetensors`]);
    const [choice] = catalog.search("");
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name).toMatch(/^(?:🌸)+…(?:🌸)+ \(general\)$/u);
  });
});

describe("LoRA search beyond Latin letters", () => {
  // Grams of characters from U+03FF up are kept as strings in the index, the rest as small integers.
  const files = [
    "アニメ_スタイル.safetensors",
    "アニメ_線画.safetensors",
    "ωmega_orbit.safetensors",
    "ŭber_zoom.safetensors",
    "plain_orbit.safetensors",
  ];

  it("GIVEN names in Japanese, Greek or with accents THEN a piece of any of them finds it, and nothing else", async () => {
    const catalog = await catalogOf(files);
    expect(names(catalog, "スタイ")).toEqual(["アニメ_スタイル (general)"]);
    expect(names(catalog, "アニメ")).toEqual(["アニメ_線画 (general)", "アニメ_スタイル (general)"]);
    expect(names(catalog, "ωme")).toEqual(["ωmega_orbit (general)"]);
    expect(names(catalog, "ŭber")).toEqual(["ŭber_zoom (general)"]);
    expect(names(catalog, "orbit")).toEqual(["plain_orbit (general)", "ωmega_orbit (general)"]);
    expect(names(catalog, "線")).toEqual(["アニメ_線画 (general)"]);
  });
});
