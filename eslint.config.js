// @ts-check
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** The core: ComfyUI, the workflow, jobs, media and storage. It knows nothing of Discord. */
const core = ["src/comfy/**", "src/workflow/**", "src/jobs/**", "src/media/**", "src/store/**"];

/** The Discord edge: the gateway client, the router, the presenter and the slash commands. */
const discordEdge = ["./src/discord", "./commands"];

export default tseslint.config(
  {
    ignores: ["node_modules/", "coverage/", "data/", "dist/", "dist.*/", "test/fixtures/", "**/*.json"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": "off",
    },
  },
  {
    // The house's dependency rules, checked on resolved files (so `../discord/x.js` and
    // `../../src/discord/x.js` are the same import).
    files: ["src/**/*.ts", "commands/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: core,
              from: discordEdge,
              message: "The core never imports the Discord edge; pass what it needs in.",
            },
            {
              target: "./src/comfy",
              from: "./src",
              except: [
                "./comfy",
                "./errors.ts",
                "./logger.ts",
                "./correlation.ts",
                "./clock.ts",
                "./retry.ts",
              ],
              message:
                "src/comfy is the bottom room: it imports only itself and the shared errors, logger, clock, retry and correlation ids.",
            },
            {
              target: "./src/jobs",
              from: "./src/pool",
              message:
                "src/jobs defines the server lane port; src/pool implements it and jobs never imports it.",
            },
            {
              target: "./src/comfy",
              from: "./commands",
              message: "src/comfy is the bottom room: it imports nothing above it.",
            },
          ],
        },
      ],
    },
  },
  {
    // The one package rule: the core never imports discord.js.
    files: core,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["discord.js", "@discordjs/*"], message: "The core never imports discord.js." },
          ],
        },
      ],
    },
  },
);
