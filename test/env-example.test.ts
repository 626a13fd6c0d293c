import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "../src/config.js";

const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");

describe(".env.example", () => {
  it("GIVEN the configuration schema THEN every variable it reads is documented in .env.example", () => {
    const documented = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });
});
