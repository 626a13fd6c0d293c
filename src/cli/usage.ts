import { renderUsage } from "./render.js";

/** `--help` of each verb: what it does and its options. */
export const verbUsage: Record<string, string> = {
  start:
    "usage: npm run cli -- start\n\nRuns the bot (the same as npm start). Settings come from the environment and .env.\n",
  register:
    "usage: npm run cli -- register [--guild ID]\n\n" +
    "Registers the slash commands with Discord.\n" +
    "  --guild ID   one server (17–20 digit id; appears at once); without it the commands are global\n" +
    "               and may take up to an hour to appear.\n",
  doctor:
    "usage: npm run cli -- doctor [--json] [--guild ID]\n\n" +
    "Checks each ComfyUI server (nodes, models, devices, known-bad combinations), the Discord token and\n" +
    "the registered commands, and who can use the bot. Exits 1 when a check failed.\n" +
    "  --json       the report as JSON\n" +
    "  --guild ID   also check the commands registered in that server\n",
  render:
    `usage: npm run cli -- ${renderUsage}\n\n` +
    "Makes one video without Discord, with a terminal progress bar.\n" +
    "  --comfy URL  the ComfyUI server (default: the first of COMFYUI_URL)\n" +
    "  --dry-run    print the validated API prompt; contacts nothing unless --comfy is given\n",
  workflow: "usage: npm run cli -- workflow\n\nPrints the DisTorch2 I2V template with its input map.\n",
};

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}
