/**
 * Control characters other than newline and tab (C0, DEL, C1, incl. NUL), bidirectional overrides,
 * embeddings and isolates (U+202A–202E, U+2066–2069) and the direction marks: removed from user text
 * before anything (ComfyUI, embeds, the link page, logs) uses it, so nobody can hide or reverse text.
 */
// eslint-disable-next-line no-control-regex
const unwanted = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function cleanUserText(text: string): string {
  return text.replace(unwanted, "");
}
