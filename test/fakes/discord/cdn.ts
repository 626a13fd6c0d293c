import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIAttachment } from "discord.js";
import type { AttachmentOverrides, RecordedFile, StoredAttachment } from "./index.js";
import { imageSize } from "./image-size.js";

interface CdnFile {
  bytes: Buffer;
  contentType: string;
}

/** Attachment bytes served from `/attachments/…` on the fake's own host, with signed-looking URLs. */
export class Cdn {
  private readonly files = new Map<string, CdnFile>();

  constructor(
    private readonly origin: () => string,
    private readonly nextId: () => string,
    private readonly now: () => number,
  ) {}

  /** A slash-command upload: an ephemeral attachment object for `resolved.attachments`. */
  addEphemeral(
    filename: string,
    bytes: Uint8Array,
    contentType: string,
    overrides: AttachmentOverrides = {},
  ): APIAttachment {
    const id = this.nextId();
    const buffer = Buffer.from(bytes);
    const url = this.put(`/attachments/ephemeral/${id}/${encodeURIComponent(filename)}`, buffer, contentType);
    const size = imageSize(buffer);
    const width = overrides.width ?? size?.width;
    const height = overrides.height ?? size?.height;
    return {
      id,
      filename,
      size: overrides.declaredSize ?? buffer.length,
      url,
      proxy_url: url,
      content_type: overrides.declaredContentType ?? contentType,
      ...(width !== undefined && height !== undefined ? { width, height } : {}),
      ephemeral: true,
    };
  }

  /** A file uploaded with a message. */
  storeUpload(channelId: string, file: RecordedFile, description: string | null): StoredAttachment {
    const id = this.nextId();
    const url = this.put(
      `/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`,
      file.bytes,
      file.contentType,
    );
    return {
      id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      bytes: file.bytes,
      url,
      description,
    };
  }

  /** Discord stops serving a deleted message's attachments. */
  remove(url: string): void {
    this.files.delete(new URL(url).pathname);
  }

  /** Answers GET/HEAD for a stored path; false when the path is not a CDN path. */
  serve(pathname: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (!pathname.startsWith("/attachments/")) return false;
    const file = this.files.get(pathname);
    if (!file || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("This content is no longer available.");
      return true;
    }
    res.writeHead(200, { "content-type": file.contentType, "content-length": String(file.bytes.length) });
    res.end(req.method === "HEAD" ? undefined : file.bytes);
    return true;
  }

  private put(path: string, bytes: Buffer, contentType: string): string {
    this.files.set(path, { bytes, contentType });
    const issued = Math.floor(this.now() / 1000);
    const hex = (n: number) => n.toString(16);
    const signature = `ex=${hex(issued + 86_400)}&is=${hex(issued)}&hm=${randomBytes(32).toString("hex")}`;
    return `${this.origin()}${path}?${signature}`;
  }
}
