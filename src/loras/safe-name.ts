export const loraModelExtensions = [".safetensors", ".pt", ".ckpt", ".bin", ".gguf"] as const;

export type UnsafeLoraReason =
  "empty" | "control-character" | "absolute-path" | "parent-segment" | "empty-segment" | "not-a-model-file";

// C0/C1 controls, and the bidi/zero-width format characters that make a name look like another.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const driveLetter = /^[a-z]:/i;

/**
 * Why `name` must not reach a workflow even if a server lists it, or undefined when it is fine.
 * Backslashes count as separators: a Windows ComfyUI lists `sub\\file.safetensors`, so `..\\` and
 * `\\\\host\\share` are path tricks just like their `/` spellings.
 */
export function unsafeLoraReason(name: string): UnsafeLoraReason | undefined {
  if (name.length === 0) return "empty";
  if (controlCharacters.test(name)) return "control-character";
  if (name.startsWith("/") || name.startsWith("\\") || driveLetter.test(name)) return "absolute-path";
  const segments = name.split(/[/\\]/);
  if (segments.some((segment) => segment === "..")) return "parent-segment";
  if (segments.some((segment) => segment === "" || segment === ".")) return "empty-segment";
  const lower = name.toLowerCase();
  const base = segments.at(-1)!.toLowerCase();
  const extension = loraModelExtensions.find((ext) => lower.endsWith(ext));
  if (!extension || base.length === extension.length) return "not-a-model-file";
  return undefined;
}

export function isSafeLoraName(name: string): boolean {
  return unsafeLoraReason(name) === undefined;
}
