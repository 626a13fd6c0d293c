/** `/view` (with Range, as aiohttp's FileResponse) and `/upload/image` (with ComfyUI's dedupe rule). */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { empty, internalError, json, type Reply, type Request } from "./http.js";
import type { OutputDirs } from "./outputs.js";
import type { Persistent } from "./runtime.js";

const contentTypes: Record<string, string> = {
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".mov": "video/quicktime",
  ".mkv": "video/x-matroska",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".json": "application/json",
};

const inside = (root: string, target: string) => target === root || target.startsWith(root + path.sep);

/** One `bytes=` range, or "unsatisfiable"; undefined when there is no usable Range header. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [first, last] = [match[1] as string, match[2] as string];
  const start = first === "" ? Math.max(0, size - Number(last)) : Number(first);
  const end = first === "" || last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return start > end || start >= size ? "unsatisfiable" : { start, end };
}

function view(dirs: OutputDirs, request: Request): Reply {
  let filename = request.query.get("filename");
  if (filename === null) return empty(404);
  let type = request.query.get("type") || "output";
  const annotated = /^(.*) \[(input|output|temp)\]$/.exec(filename);
  if (annotated) [filename, type] = [annotated[1] as string, annotated[2] as string];
  if (filename.startsWith("/") || filename.includes("..")) return empty(400);
  if (type !== "input" && type !== "output" && type !== "temp") return empty(400);
  const root = dirs[type];
  const folder = path.resolve(root, request.query.get("subfolder") ?? "");
  if (!inside(root, folder)) return empty(403);
  const name = path.basename(filename);
  const file = path.join(folder, name);
  if (!existsSync(file) || !statSync(file).isFile()) return empty(404);
  const size = statSync(file).size;
  const headers = {
    "Content-Type": contentTypes[path.extname(name).toLowerCase()] ?? "application/octet-stream",
    "Content-Disposition": `filename="${name}"`,
    "Accept-Ranges": "bytes",
  };
  const range = parseRange(request.headers.range, size);
  if (range === "unsatisfiable") return { status: 416, headers: { "Content-Range": `bytes */${size}` } };
  if (range) {
    const { start, end } = range;
    return {
      status: 206,
      headers: {
        ...headers,
        "Content-Range": `bytes ${start}-${end}/${size}`,
        "Content-Length": String(end - start + 1),
      },
      stream: createReadStream(file, { start, end }),
    };
  }
  return {
    status: 200,
    headers: { ...headers, "Content-Length": String(size) },
    stream: createReadStream(file),
  };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function upload(p: Persistent, request: Request): Promise<Reply> {
  const contentType = request.headers["content-type"] ?? "";
  let form: FormData;
  try {
    form = await new Response(request.body, { headers: { "content-type": contentType } }).formData();
  } catch {
    form = new FormData();
  }
  const image = form.get("image");
  if (image === null || typeof image === "string") return empty(400);
  const requested = form.get("type");
  const type = requested === null ? "input" : String(requested);
  if (type !== "input" && type !== "temp" && type !== "output") return internalError();
  if (!image.name) return empty(400);
  const subfolder = String(form.get("subfolder") ?? "");
  const root = p.dirs[type];
  const folder = path.resolve(root, path.normalize(subfolder));
  let file = path.resolve(folder, image.name);
  if (!inside(root, file)) return empty(400);
  mkdirSync(folder, { recursive: true });
  const bytes = Buffer.from(await image.arrayBuffer());
  const overwrite = String(form.get("overwrite") ?? "");
  let name = image.name;
  let duplicate = false;
  if (overwrite !== "true" && overwrite !== "1") {
    const { name: stem, ext } = path.parse(image.name);
    for (let i = 1; existsSync(file); i += 1) {
      if (sha256(readFileSync(file)) === sha256(bytes)) {
        duplicate = true;
        break;
      }
      name = `${stem} (${i})${ext}`;
      file = path.join(folder, name);
    }
  }
  if (!duplicate) writeFileSync(file, bytes);
  p.uploads.push({
    filename: image.name,
    name,
    subfolder,
    type,
    overwrite: overwrite === "true" || overwrite === "1",
    bytes,
  });
  return json({ name, subfolder, type });
}

export async function fileRoutes(p: Persistent, request: Request): Promise<Reply | undefined> {
  if (request.method === "GET" && request.path === "/view") return view(p.dirs, request);
  if (request.method === "POST" && request.path === "/upload/image") return upload(p, request);
  return undefined;
}
