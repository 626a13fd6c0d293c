import type SharpModule from "sharp";

let loading: Promise<typeof SharpModule> | undefined;

/**
 * sharp (libvips) on first use: an idle bot does not carry its ~25 MiB, and start-up does not wait for
 * it. Every image path awaits this once; later calls share the loaded module.
 */
export function loadSharp(): Promise<typeof SharpModule> {
  loading ??= import("sharp").then((module) => module.default);
  return loading;
}
