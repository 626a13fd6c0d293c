import { createHash } from "node:crypto";
import type { ResolvedLink } from "./registry.js";

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe in element text and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

const maxTitleChars = 200;

function shortTitle(title: string): string {
  const chars = Array.from(title.trim() || "Oelala video");
  return chars.length <= maxTitleChars ? chars.join("") : `${chars.slice(0, maxTitleChars - 1).join("")}…`;
}

const style =
  "body{margin:0;background:#111;color:#eee;font:16px system-ui,sans-serif}" +
  "main{max-width:960px;margin:0 auto;padding:16px}" +
  "video{display:block;width:100%;height:auto;background:#000}" +
  "h1{font-size:18px;font-weight:600;overflow-wrap:anywhere}a{color:#9cf}";

/**
 * No script, and media only from this origin. frame-ancestors is 'none' because unfurlers read the
 * tags and play the mp4 itself; nothing needs to frame this page.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "media-src 'self'",
  "img-src 'self'",
  `style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function meta(attribute: "property" | "name", key: string, value: string | number): string {
  return `<meta ${attribute}="${key}" content="${escapeHtml(String(value))}">`;
}

/**
 * The page behind a link. The Open Graph and player tags carry absolute public URLs for unfurlers;
 * the page's own video element uses relative ones so it plays behind any proxy or path prefix.
 */
export function renderVideoPage(link: ResolvedLink, token: string): string {
  const title = shortTitle(link.title);
  const secure = link.videoUrl.startsWith("https:");
  const seconds = Math.max(1, Math.round(link.durationSeconds));
  const description = `${seconds} s video, ${link.width}×${link.height}`;
  const poster = link.posterPath !== undefined;
  const tags = [
    meta("property", "og:type", "video.other"),
    meta("property", "og:site_name", "Oelala"),
    meta("property", "og:title", title),
    meta("property", "og:description", description),
    meta("property", "og:url", link.pageUrl),
    meta("property", "og:video", link.videoUrl),
    meta("property", "og:video:url", link.videoUrl),
    ...(secure ? [meta("property", "og:video:secure_url", link.videoUrl)] : []),
    meta("property", "og:video:type", "video/mp4"),
    meta("property", "og:video:width", link.width),
    meta("property", "og:video:height", link.height),
    meta("property", "video:duration", seconds),
    ...(poster
      ? [
          meta("property", "og:image", link.posterUrl),
          meta("property", "og:image:type", "image/jpeg"),
          meta("property", "og:image:width", link.width),
          meta("property", "og:image:height", link.height),
        ]
      : []),
    meta("name", "twitter:card", "player"),
    meta("name", "twitter:title", title),
    meta("name", "twitter:player", link.videoUrl),
    meta("name", "twitter:player:width", link.width),
    meta("name", "twitter:player:height", link.height),
    meta("name", "twitter:player:stream", link.videoUrl),
    meta("name", "twitter:player:stream:content_type", "video/mp4"),
    ...(poster ? [meta("name", "twitter:image", link.posterUrl)] : []),
    meta("name", "theme-color", "#7c5cff"),
    meta("name", "robots", "noindex, nofollow"),
  ];
  const video = escapeHtml(`${token}.mp4`);
  const posterAttribute = poster ? ` poster="${escapeHtml(`${token}.jpg`)}"` : "";
  const expires = new Date(link.expiresAt).toISOString().replace(/\.\d+Z$/, "Z");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${tags.join("\n")}
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<video controls playsinline preload="metadata" width="${link.width}" height="${link.height}" src="${video}"${posterAttribute}></video>
<p><a href="${video}" download>Download</a> · available until <time datetime="${expires}">${expires}</time></p>
</main>
</body>
</html>
`;
}
