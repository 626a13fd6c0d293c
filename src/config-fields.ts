import { z } from "zod";

/**
 * The building blocks of the environment schema in config.ts: how one kind of value is read from text.
 * An empty string counts as unset everywhere, so a blank line in `.env` falls back to the default.
 */
/** Text-form env values: "" counts as unset so a blank line in `.env` falls back to the default. */
export const text = (fallback: string) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).default(fallback));
export const optionalText = () =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).optional());
export const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(min).max(max).default(fallback),
  );
export const num = (fallback: number, min: number, max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().min(min).max(max).default(fallback));
export const urlList = (fallback: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? fallback : v),
    z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1)),
  );
export const hostList = (fallback: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? fallback : v),
    z.string().transform((s) =>
      s
        .split(",")
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    ),
  );

/** A DisTorch2 expert allocation such as `cuda:0,0.25gb;cuda:1,8gb;cpu,*`. */
export const allocation = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .regex(
      /^([a-z]+(:\d+)?,[0-9.]+(gb|mb|kb|b|g|m|k|%)?|[a-z]+(:\d+)?,\*)(;([a-z]+(:\d+)?,([0-9.]+(gb|mb|kb|b|g|m|k|%)?|\*)))*$/i,
      {
        message: "expected device,size pairs separated by ';', e.g. cuda:0,0.25gb;cuda:1,8gb;cpu,*",
      },
    )
    .default("cuda:0,0.25gb;cuda:1,8gb;cpu,*"),
);

export const snowflake = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .regex(/^\d{17,20}$/)
    .optional(),
);

/** Comma-separated Discord ids; empty means "no restriction". */
export const snowflakeList = z.preprocess(
  (v) => (v === undefined ? "" : v),
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^\d{17,20}$/, { message: "expected Discord ids (17–20 digits), comma-separated" }),
      ),
    ),
);

export const deviceName = z.string().trim().min(1);
/** One entry of COMFYUI_SERVERS: a server and the placement settings that differ from the global ones. */
export const serverEntry = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Shown in /status and logs instead of host:port; also how a restarted bot finds a job's server. */
  name: z.string().trim().min(1).max(40).optional(),
  allocation: z
    .string()
    .superRefine((value, ctx) => {
      for (const issue of allocation.safeParse(value).error?.issues ?? [])
        ctx.addIssue({ code: "custom", message: issue.message });
    })
    .optional(),
  computeDevice: deviceName.optional(),
  donorDevice: deviceName.optional(),
  vaeDevice: deviceName.optional(),
  textEncoderDevice: deviceName.optional(),
  virtualVramGb: z.number().min(0).max(128).optional(),
});
export const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: 'expected a JSON array such as [{"url":"http://gpu1:8188"}]' });
    return z.NEVER;
  }
});
export const serverList = z.preprocess(
  (v) => (v === "" ? undefined : v),
  jsonText.pipe(z.array(serverEntry).min(1)).optional(),
);
