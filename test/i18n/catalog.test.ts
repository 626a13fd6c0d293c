import { describe, expect, it } from "vitest";
import { en, nl } from "../../src/i18n/catalogs.js";
import { localeOf } from "../../src/i18n/locale.js";
import { type CatalogEntry, templatesOf } from "../../src/i18n/plural.js";
import { formatNumber, t } from "../../src/i18n/translate.js";

const placeholders = (entry: CatalogEntry) =>
  new Set(templatesOf(entry).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
const text = (entry: CatalogEntry) => templatesOf(entry).join(" ");

describe("message catalogs", () => {
  it("GIVEN the English catalog THEN Dutch has exactly its keys, each with text", () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(nl)) expect(text(entry).trim(), key).not.toBe("");
  });

  it("GIVEN a Dutch message THEN it uses only placeholders its English message fills", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = placeholders(en[key]);
      for (const name of placeholders(nl[key])) expect(english.has(name), `${key}: {${name}}`).toBe(true);
    }
  });

  it("GIVEN Dutch sentences THEN they are not English left untranslated", () => {
    // Names and technical words may stay the same; whole sentences may not.
    const words = (entry: CatalogEntry) =>
      text(entry)
        .replace(/\{\w+\}/g, "")
        .match(/\p{L}{3,}/gu) ?? [];
    const sentences = Object.keys(en).filter((k) => words(en[k as keyof typeof en]).length >= 4);
    const same = sentences.filter((k) => text(nl[k as keyof typeof nl]) === text(en[k as keyof typeof en]));
    expect(same).toEqual([]);
  });
});

describe("t", () => {
  it("GIVEN placeholders THEN they are filled, numbers the way the language writes them", () => {
    expect(t("en", "job.settings.lora", { label: "orbit", strength: 0.75 })).toBe("LoRA **orbit** × 0.75");
    expect(t("nl", "job.settings.lora", { label: "orbit", strength: 0.75 })).toBe("LoRA **orbit** × 0,75");
    expect(t("nl", "queue.mine", { count: 3 })).toBe("Je hebt **3** video's die wachten of gemaakt worden.");
  });

  it("GIVEN a value that looks like a placeholder THEN it is not filled again", () => {
    expect(t("en", "job.settings.lora", { label: "{strength}", strength: 1 })).toBe(
      "LoRA **{strength}** × 1",
    );
  });

  it("GIVEN a message without placeholders THEN it needs no values", () => {
    expect(t("nl", "job.title.done")).toBe("Klaar");
    // @ts-expect-error the position is required
    expect(t("en", "job.queue.position")).toBe("Position **{position}**");
  });

  it("GIVEN numbers THEN Dutch uses a decimal comma and English a point", () => {
    expect(formatNumber("nl", 2.5)).toBe("2,5");
    expect(formatNumber("en", 2.5)).toBe("2.5");
    expect(formatNumber("nl", 1234567)).toBe("1234567");
  });
});

describe("localeOf", () => {
  it("GIVEN Discord locales THEN nl is Dutch and everything else English", () => {
    expect(localeOf("nl")).toBe("nl");
    expect(localeOf("en-US")).toBe("en");
    expect(localeOf("en-GB")).toBe("en");
    expect(localeOf("de")).toBe("en");
    expect(localeOf("no")).toBe("en");
    expect(localeOf(undefined)).toBe("en");
    expect(localeOf(null)).toBe("en");
  });
});
