/** Where a link's page, video and poster live under the public base URL. */
export interface LinkUrls {
  pageUrl: string;
  videoUrl: string;
  posterUrl: string;
}

/** Accepts an absolute http(s) URL, with or without a path prefix, and drops trailing slashes. */
export function normalizeBaseUrl(publicBaseUrl: string): string {
  const url = new URL(publicBaseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`public base URL must be http or https, got ${url.protocol}`);
  }
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/+$/, "");
}

export function linkUrls(baseUrl: string, token: string): LinkUrls {
  const page = `${baseUrl}/v/${token}`;
  return { pageUrl: page, videoUrl: `${page}.mp4`, posterUrl: `${page}.jpg` };
}
