import type { RecordedFile } from "./index.js";

export interface ParsedBody {
  json: unknown;
  files: RecordedFile[];
}

/** A request Discord would reject with a JSON error body. */
export class DiscordHttpError extends Error {
  override readonly name = "DiscordHttpError";
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function invalidFormBody(errors: Record<string, unknown>): DiscordHttpError {
  return new DiscordHttpError(400, 50035, "Invalid Form Body", { errors });
}

/** JSON or multipart/form-data (`payload_json` + `files[n]`), as @discordjs/rest sends them. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  if (contentType?.startsWith("multipart/form-data")) return parseMultipart(raw, contentType);
  return { json: parseJson(raw.toString("utf8")), files: [] };
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  } catch (cause) {
    throw new DiscordHttpError(
      400,
      50109,
      `The request body contains invalid multipart data: ${String(cause)}`,
    );
  }
  let json: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") json = parseJson(value);
      continue;
    }
    const bytes = Buffer.from(await value.arrayBuffer());
    files.push({
      field,
      filename: value.name,
      contentType: value.type || "application/octet-stream",
      size: bytes.length,
      bytes,
    });
  }
  return { json, files };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DiscordHttpError(400, 50109, "The request body contains invalid JSON.");
  }
}

/** `files[3]` → 3; the attachment id a new upload gets referenced by. */
export function fileIndex(file: RecordedFile, position: number): string {
  return /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(position);
}
