/**
 * Renders the progress message the presenter builds (progressEmbed + the Cancel row + a live preview)
 * to deploy/progress-message.png for the README: embed JSON → SVG in Discord's dark theme → PNG by sharp.
 * Run: npx tsx deploy/render-progress.ts
 */
import { writeFileSync } from "node:fs";
import type { APIEmbed } from "discord.js";
import sharp from "sharp";
import { cancelRow, progressEmbed } from "../src/discord/job-embeds.js";
import type { JobRecord } from "../src/jobs/job.js";
import { phaseLabels } from "../src/jobs/phases.js";

const out = new URL("progress-message.png", import.meta.url);
/** A stand-in for the frame ComfyUI previews mid-run: a fox-coloured blur on snow at dawn. */
const scene = (width: number, height: number) =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 320 184">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="#f6b98a"/><stop offset="0.55" stop-color="#dfe7f2"/><stop offset="1" stop-color="#f4f7fb"/>
  </linearGradient><filter id="soft"><feGaussianBlur stdDeviation="5"/></filter></defs>
  <rect width="320" height="184" fill="url(#sky)"/>
  <ellipse cx="70" cy="120" rx="140" ry="26" fill="#cfd9e6"/>
  <g filter="url(#soft)"><ellipse cx="170" cy="120" rx="44" ry="20" fill="#c8572a"/>
  <circle cx="214" cy="104" r="16" fill="#d0652f"/><ellipse cx="118" cy="112" rx="26" ry="9" fill="#b84c22"/></g>
</svg>`),
  );

const job: JobRecord = {
  id: "5f0c2a9e-7b1d-4c3e-9a8f-1d2e3f4a5b6c",
  state: "running",
  createdAt: 0,
  updatedAt: 0,
  origin: { userId: "1", channelId: "2", locale: "en", attachmentSizeLimit: 10 * 1024 * 1024 },
  request: {
    prompt: "a red fox trots through fresh snow at dawn, slow camera pan",
    lora: { label: "Fox motion", strength: 0.8 },
    durationSeconds: 5,
    aspect: "16:9",
    resolution: "480p",
  },
  imagePath: "input.png",
  params: {
    prompt: "a red fox trots through fresh snow at dawn, slow camera pan",
    negative: "",
    durationSeconds: 5,
    aspect: "16:9",
    resolution: "480p",
    fps: 16,
    steps: 6,
    cfg: 1,
    splitStep: 3,
    seed: 914_276_305,
  },
  width: 832,
  height: 480,
  attempts: 1,
};

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One line of Discord markdown (**bold**, `code`) as SVG tspans. */
function spans(line: string): string {
  return line
    .split(/(\*\*[^*]+\*\*|`[^`]+`)/)
    .filter((part) => part !== "")
    .map((part) => {
      if (part.startsWith("**"))
        return `<tspan font-weight="bold" fill="#f2f3f5">${escape(part.slice(2, -2))}</tspan>`;
      if (part.startsWith("`"))
        return `<tspan font-family="DejaVu Sans Mono, monospace" fill="#b5bac1">${escape(part.slice(1, -1))}</tspan>`;
      return `<tspan>${escape(part)}</tspan>`;
    })
    .join("");
}

function wrap(line: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current && (current + " " + word).replace(/\*\*|`/g, "").length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  return [...lines, current];
}

async function render(embed: APIEmbed, buttonLabel: string): Promise<Buffer> {
  const left = 72;
  const embedWidth = 460;
  const inner = left + 16;
  const parts: string[] = [];
  let y = 58;
  const text = (line: string, size = 14, color = "#dbdee1", x = inner) => {
    parts.push(
      `<text x="${x}" y="${y}" font-size="${size}" fill="${color}" xml:space="preserve">${spans(line)}</text>`,
    );
    y += size + 6;
  };
  parts.push(
    `<text x="${inner}" y="${y}" font-size="16" font-weight="bold" fill="#f2f3f5">${escape(embed.title ?? "")}</text>`,
  );
  y += 28;
  for (const raw of (embed.description ?? "").split("\n")) {
    const quote = raw.startsWith("> ");
    for (const line of wrap(quote ? raw.slice(2) : raw, 46)) {
      if (quote) parts.push(`<rect x="${inner}" y="${y - 14}" width="4" height="20" rx="2" fill="#4e5058"/>`);
      text(line, 14, "#dbdee1", quote ? inner + 12 : inner);
    }
  }
  y += 6;
  for (const field of embed.fields ?? []) {
    text(`**${field.name}**`);
    for (const line of field.value.split("\n")) for (const part of wrap(line, 56)) text(part);
    y += 6;
  }
  const image = await scene(320, 184).jpeg().toBuffer();
  const imageHeight = (await sharp(image).metadata()).height ?? 180;
  parts.push(
    `<image x="${inner}" y="${y}" width="320" height="${imageHeight}" href="data:image/jpeg;base64,${image.toString("base64")}"/>`,
  );
  y += imageHeight + 16;
  const embedBottom = y;
  const thumbnail = await scene(80, 46)
    .extend({ top: 17, bottom: 17, background: "#2b2d31" })
    .png()
    .toBuffer();
  const color = `#${(embed.color ?? 0).toString(16).padStart(6, "0")}`;
  const button = y + 8;
  const height = button + 48;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${height}" font-family="DejaVu Sans, sans-serif">
  <rect width="560" height="${height}" fill="#313338"/>
  <circle cx="36" cy="30" r="20" fill="#5865f2"/>
  <text x="36" y="36" font-size="18" font-weight="bold" fill="#fff" text-anchor="middle">O</text>
  <text x="${left}" y="26" font-size="15" font-weight="bold" fill="#f2f3f5">Oelala</text>
  <rect x="${left + 60}" y="13" width="30" height="16" rx="3" fill="#5865f2"/>
  <text x="${left + 75}" y="25" font-size="10" font-weight="bold" fill="#fff" text-anchor="middle">APP</text>
  <rect x="${left}" y="36" width="${embedWidth}" height="${embedBottom - 36}" rx="4" fill="#2b2d31"/>
  <rect x="${left}" y="36" width="4" height="${embedBottom - 36}" rx="2" fill="${color}"/>
  <image x="${left + embedWidth - 96}" y="52" width="80" height="80" href="data:image/png;base64,${thumbnail.toString("base64")}"/>
  ${parts.join("\n  ")}
  <rect x="${left}" y="${button}" width="84" height="32" rx="4" fill="#4e5058"/>
  <text x="${left + 42}" y="${button + 21}" font-size="14" fill="#fff" text-anchor="middle">${escape(buttonLabel)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const embed = progressEmbed(job, {
  percent: 62,
  phase: "low_noise",
  label: phaseLabels.low_noise,
  etaMs: 41_000,
});
const row = cancelRow(job.id, "en").components[0];
writeFileSync(out, await render(embed, row && "label" in row ? (row.label ?? "Cancel") : "Cancel"));
console.log(`wrote ${out.pathname}`);
