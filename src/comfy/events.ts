/** A file a node wrote, as ComfyUI reports it in `executed` and `/history` outputs. */
export interface FileRef {
  filename: string;
  subfolder: string;
  type: string;
  format?: string | undefined;
}

/** What happens to one of our prompts, in the order ComfyUI reports it. */
export type PromptEvent =
  | { type: "queued"; promptId: string; number: number }
  | { type: "started"; promptId: string }
  | { type: "cached"; promptId: string; nodes: string[] }
  | { type: "executing"; promptId: string; node: string }
  | { type: "progress"; promptId: string; node: string; value: number; max: number }
  | { type: "executed"; promptId: string; node: string; files: FileRef[] }
  | { type: "preview"; promptId: string; mime: "image/jpeg" | "image/png"; data: Buffer }
  | { type: "disconnected"; promptId: string }
  | { type: "reconnected"; promptId: string };

/** The finished prompt: every file each output node wrote. */
export interface PromptResult {
  promptId: string;
  outputs: Record<string, FileRef[]>;
  /** True when ComfyUI served every node from its cache (an identical prompt ran before). */
  cached: boolean;
}
