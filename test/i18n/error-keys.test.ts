import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { comfyErrorCodes } from "../../src/comfy/errors.js";
import { catalogs, en } from "../../src/i18n/catalogs.js";
import { locales } from "../../src/i18n/locale.js";
import { type CatalogEntry, templatesOf } from "../../src/i18n/plural.js";

/** Every .ts file of the product outside src/i18n. */
function productFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== join("src", "i18n")) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  walk("src");
  walk("commands");
  return files;
}

/** The names an entry fills, in every plural form, plus the number that picks the form. */
function paramNames(entry: CatalogEntry): string[] {
  const names = templatesOf(entry).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  return [...new Set(typeof entry === "string" ? names : [...names, entry.plural])].sort();
}

/** Every message key the product names in its source: thrown errors, carried problems, notices. */
function keysInSource(): Set<string> {
  const keys = new Set<string>();
  for (const file of productFiles()) {
    // Comments may name a key's pattern (`comfy.CODE`); only code counts.
    const source = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !/^\s*(?:\/\/|\*|\/\*)/.test(line))
      .join("\n");
    for (const m of source.matchAll(/["'`]((?:error|comfy|param|option|cost|notice)\.[A-Za-z_]+)["'`]/g)) {
      keys.add(m[1]!);
    }
  }
  for (const code of comfyErrorCodes) keys.add(`comfy.${code}`);
  return keys;
}

describe("every key that can be thrown is in every catalog", () => {
  const thrown = keysInSource();

  it("GIVEN the product source THEN it names the keys it throws (this check sees them)", () => {
    for (const key of ["error.QUEUE_FULL", "error.LORA_UNKNOWN", "error.INVALID_PARAMS", "notice.requeued"]) {
      expect(thrown.has(key), key).toBe(true);
    }
  });

  it("GIVEN each key the product names THEN every catalog has it with the same values", () => {
    for (const key of thrown) {
      expect(Object.hasOwn(en, key), `${key} is not in the English catalog`).toBe(true);
      const english = paramNames(en[key as keyof typeof en]);
      for (const locale of locales) {
        const entry = catalogs[locale][key as keyof typeof en];
        expect(entry, `${locale}: ${key}`).toBeDefined();
        expect(paramNames(entry), `${locale}: ${key}`).toEqual(english);
      }
    }
  });

  it("GIVEN an error key in the catalogs THEN both languages fill the same values", () => {
    const errorKeys = Object.keys(en).filter((k) => /^(?:error|comfy|param|option|cost)\./.test(k));
    for (const key of errorKeys) {
      const english = paramNames(en[key as keyof typeof en]);
      for (const locale of locales) {
        expect(paramNames(catalogs[locale][key as keyof typeof en]), `${locale}: ${key}`).toEqual(english);
      }
    }
  });
});
