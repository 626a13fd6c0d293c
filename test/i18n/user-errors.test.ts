import { ComponentType, type ChatInputCommandInteraction, type ModalSubmitInteraction } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  channelRefusal,
  guildRefusal,
  nsfwRefusal,
  quotaRefusal,
  roleRefusal,
} from "../../src/access/messages.js";
import { ComfyError, type ComfyErrorCode, comfyErrorCodes } from "../../src/comfy/errors.js";
import { loadConfig } from "../../src/config.js";
import { readAnimateFields } from "../../src/discord/animate-modal.js";
import { readI2VOptions } from "../../src/discord/i2v-options.js";
import { UserError, userErrorOf } from "../../src/errors.js";
import { nl } from "../../src/i18n/catalogs.js";
import { errorText } from "../../src/i18n/error-text.js";
import type { Locale } from "../../src/i18n/locale.js";
import { render } from "../../src/i18n/translate.js";
import { type ImageErrorCode, imageError, imageErrorParams } from "../../src/media/image-errors.js";
import { storedJobErrorSchema } from "../../src/store/job-error-schema.js";
import { parseI2VParams } from "../../src/workflow/params.js";

const sampling = loadConfig({}).sampling;

function refusalOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** What a user reads for a thrown error: its key rendered in `locale`, the detail after it. */
function localizeError(locale: Locale, error: UserError): string {
  return errorText(locale, { ...error.text, detail: error.detail });
}

/** A stored job error as the store reads it back (the old sentence shape included). */
function storedError(locale: Locale, stored: unknown): string {
  return errorText(locale, storedJobErrorSchema.parse(stored));
}

/** Fully translated: different from the English, and no English sentence left in it. */
function expectDutch(error: UserError) {
  const dutch = localizeError("nl", error);
  expect(dutch, error.message).not.toBe(error.message);
  expect(dutch).not.toMatch(/\b(?:the|must|please|is not)\b/i);
  return dutch;
}

describe("image refusals in Dutch", () => {
  const details = {
    maxBytes: 12.5 * 1024 * 1024,
    timeoutMs: 20_000,
    maxPixels: 16_800_000,
    minEdge: 64,
    maxAspect: 4,
  };

  it("GIVEN every image refusal THEN a Dutch user reads it in Dutch", () => {
    for (const code of Object.keys(imageErrorParams) as ImageErrorCode[]) {
      expectDutch(imageError(code, details));
    }
  });

  it("GIVEN a refusal that quotes a limit THEN the Dutch sentence quotes it too, with a decimal comma", () => {
    expect(localizeError("nl", imageError("IMAGE_TOO_LARGE", details))).toBe(
      "Het afbeeldingsbestand is te groot: de limiet is 12,5 MB. Stuur een kleiner bestand.",
    );
    expect(localizeError("nl", imageError("IMAGE_TOO_MANY_PIXELS", details))).toContain("16,8 megapixel");
    expect(localizeError("nl", imageError("IMAGE_DOWNLOAD_TIMEOUT", details))).toContain("20 s");
    expect(localizeError("nl", imageError("IMAGE_TOO_SMALL", details))).toContain("64 pixels");
    expect(localizeError("nl", imageError("IMAGE_EXTREME_ASPECT", details))).toContain("4 keer");
  });

  it("GIVEN a web page named .png THEN the Dutch refusal says so", () => {
    expect(localizeError("nl", imageError("IMAGE_IS_WEB_PAGE"))).toMatch(/webpagina en geen afbeelding/);
  });
});

describe("video server failures in Dutch", () => {
  it("GIVEN every ComfyUI error code THEN its Dutch sentence is the catalog's", () => {
    for (const code of comfyErrorCodes as readonly ComfyErrorCode[]) {
      expect(localizeError("nl", new ComfyError(code))).toBe(nl[`comfy.${code}`]);
    }
  });

  it("GIVEN the server's own reason THEN it is kept after the Dutch sentence", () => {
    const error = new ComfyError("VALIDATION_FAILED", { reason: "KSampler: steps 6 > max 4" });
    expect(localizeError("nl", error)).toBe(
      "De videoserver keurde de workflow af. KSampler: steps 6 > max 4",
    );
  });
});

describe("option problems in Dutch", () => {
  const badInputs: unknown[] = [
    null,
    {},
    { image: "x".repeat(600), prompt: "p" },
    { image: "a.png", prompt: "   " },
    { image: "a.png", prompt: "x".repeat(2000), negative: "y".repeat(2000) },
    { image: "a.png", prompt: "p", negative: 5 },
    { image: "a.png", prompt: "p", lora: {} },
    { image: "a.png", prompt: "p", lora: "orbit" },
    { image: "a.png", prompt: "p", lora: { high: 5 } },
    { image: "a.png", prompt: "p", lora: { high: "x".repeat(300), strength: "strong" } },
    { image: "a.png", prompt: "p", lora: { high: "a", strength: 3 } },
    { image: "a.png", prompt: "p", colour: "red", size: 3 },
    { image: "a.png", prompt: "p", durationSeconds: "long" },
    { image: "a.png", prompt: "p", durationSeconds: -1 },
    { image: "a.png", prompt: "p", durationSeconds: 99 },
    { image: "a.png", prompt: "p", aspect: "5:5", resolution: "1080p" },
    { image: "a.png", prompt: "p", fps: "fast", steps: 1.5, splitStep: 500, seed: -1 },
    { image: "a.png", prompt: "p", fps: 0, steps: "many", splitStep: "x", seed: 0.5 },
    { image: "a.png", prompt: "p", fps: 2.5, steps: 500, splitStep: 1.5, seed: "s" },
    { image: "a.png", prompt: "p", cfg: "high" },
    { image: "a.png", prompt: "p", cfg: 99 },
    { image: "a.png", prompt: "p", steps: 4, splitStep: 6 },
  ];

  it("GIVEN every kind of bad option THEN each sentence of the refusal is in Dutch", () => {
    for (const input of badInputs) {
      const error = refusalOf(() => parseI2VParams(input, sampling));
      expect(error.code).toBe("INVALID_PARAMS");
      expectDutch(error);
    }
  });

  it("GIVEN two problems THEN both Dutch sentences appear, numbers included", () => {
    const error = refusalOf(() =>
      parseI2VParams({ image: "a.png", prompt: "p", cfg: 99, seed: -1 }, sampling),
    );
    expect(localizeError("nl", error)).toBe(
      "De CFG-schaal moet van 0 tot en met 30 zijn. De seed moet van 0 tot en met 9007199254740991 zijn.",
    );
  });

  it("GIVEN an empty /i2v prompt THEN the option's name stays and the sentence is Dutch", () => {
    const options = {
      getString: (name: string) => (name === "prompt" ? "   " : null),
      getNumber: () => null,
      getInteger: () => null,
    };
    const error = refusalOf(() => readI2VOptions({ options } as unknown as ChatInputCommandInteraction));
    expect(localizeError("nl", error)).toBe("De prompt is leeg; beschrijf welke beweging je wilt.");
  });

  it("GIVEN a bad duration in the Animate form THEN the Dutch refusal names the range", () => {
    const field = (value: string) => ({ type: ComponentType.TextInput, value });
    const fields = new Map([
      ["prompt", field("a fox")],
      ["duration", field("forever")],
    ]);
    const interaction = { fields: { fields } } as unknown as ModalSubmitInteraction;
    const error = refusalOf(() => readAnimateFields(interaction, sampling));
    expect(localizeError("nl", error)).toBe(
      "De duur moet een aantal seconden van 1 tot en met 10 zijn, bijvoorbeeld 5.",
    );
  });
});

describe("access refusals in Dutch", () => {
  it("GIVEN each refusal of the access policy THEN a Dutch user reads Dutch", () => {
    expectDutch(userErrorOf(guildRefusal()));
    expectDutch(userErrorOf(nsfwRefusal()));
    expectDutch(userErrorOf(roleRefusal(["11"])));
    expectDutch(userErrorOf(roleRefusal(["11", "12"])));
    expectDutch(userErrorOf(quotaRefusal(1, Date.UTC(2026, 0, 2))));
    expectDutch(userErrorOf(quotaRefusal(3, Date.UTC(2026, 0, 2))));
  });

  it("GIVEN a list of channels THEN Dutch joins it with “of”", () => {
    const refusal = userErrorOf(channelRefusal(["1", "2", "3"]));
    expect(refusal.message).toBe("This bot only works in <#1>, <#2> or <#3>.");
    expect(localizeError("nl", refusal)).toBe("Deze bot werkt alleen in <#1>, <#2> of <#3>.");
  });

  it("GIVEN a quota of 3 THEN the Dutch sentence keeps the count and Discord's time stamps", () => {
    const refusal = userErrorOf(quotaRefusal(3, Date.UTC(2026, 0, 2)));
    const at = Date.UTC(2026, 0, 2) / 1000;
    expect(localizeError("nl", refusal)).toBe(
      `Je hebt je 3 video's voor vandaag al gemaakt. Je tegoed wordt <t:${at}:R> aangevuld (om <t:${at}:t>, middernacht UTC).`,
    );
  });
});

describe("fallbacks", () => {
  it("GIVEN an English user THEN the core's sentence is shown unchanged", () => {
    const error = imageError("IMAGE_TOO_LARGE", { maxBytes: 12.5 * 1024 * 1024 });
    expect(localizeError("en", error)).toBe(error.message);
  });

  it("GIVEN a stored failure from before keys, with a code without a Dutch version THEN the English sentence is shown", () => {
    const old = { code: "SOMETHING_NEW", message: "Something new went wrong.", correlationId: "c1" };
    expect(storedError("nl", old)).toBe("Something new went wrong.");
  });

  it("GIVEN a stored sentence that was reworded since THEN the English sentence is shown, not a wrong one", () => {
    const reworded = { code: "IMAGE_EMPTY", message: "Your file has no bytes in it.", correlationId: "c2" };
    expect(storedError("nl", reworded)).toBe(reworded.message);
    const half = {
      code: "INVALID_PARAMS",
      message: "The seed must be a number. Something unknown.",
      correlationId: "c3",
    };
    expect(storedError("nl", half)).toBe(half.message);
  });

  it("GIVEN a stored sentence that is exactly a catalog sentence THEN a Dutch user reads it in Dutch", () => {
    const old = {
      code: "LOST",
      message: "The video server lost the job (it probably restarted).",
      correlationId: "c4",
    };
    expect(storedError("nl", old)).toBe(nl["comfy.LOST"]);
  });

  it("GIVEN a stored key this version does not know THEN it reads as an internal failure, never a raw key", () => {
    const future = { key: "error.FROM_THE_FUTURE", params: {}, correlationId: "c5" };
    expect(storedError("en", future)).toBe("Something went wrong on our side while making this video.");
    const missing = { key: "error.QUEUE_FULL_USER", params: {}, correlationId: "c6" };
    expect(storedError("en", missing)).not.toContain("{max}");
  });

  it("GIVEN the restart notice THEN a Dutch user reads it in Dutch with the attempt numbers", () => {
    const text = "the video server restarted and lost your job, so it is queued again (attempt 2 of 3).";
    const notice = { key: "notice.requeued", params: { attempt: 2, max: 3 } } as const;
    expect(render("nl", notice)).toBe(
      "de videoserver is herstart en is je video kwijtgeraakt, dus hij staat opnieuw in de wachtrij (poging 2 van 3).",
    );
    expect(render("en", notice)).toBe(text);
  });
});
