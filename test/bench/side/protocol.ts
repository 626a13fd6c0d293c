/** Messages between the bench runner and the fakes host (its own process, over node's IPC channel). */
import { z } from "zod";

export const targets = ["bot", "bare", "floor"] as const;
export type Target = (typeof targets)[number];

const endpointSchema = z.object({ apiUrl: z.string(), gatewayUrl: z.string(), token: z.string() });
export type Endpoint = z.infer<typeof endpointSchema>;

export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("ready"),
    /** The bot's environment (fake Discord, emulator, data folder). */
    env: z.record(z.string(), z.string()),
    dataDir: z.string(),
    endpoints: z.record(z.enum(targets), endpointSchema).optional(),
  }),
  z.object({
    type: z.literal("burst"),
    seq: z.number(),
    /** Dispatch → the callback request's headers arriving at the fake, per interaction (ms). */
    latencies: z.array(z.number()),
    /** TCP connections the fake accepted during the burst (new ones: a cold client reconnects). */
    connections: z.number(),
    /** How long this peer had been idle (since its previous burst was answered) when the burst went out. */
    idleMs: z.number(),
  }),
  z.object({
    type: z.literal("journey"),
    seq: z.number(),
    /** /i2v dispatch → the prompt's POST /prompt on the emulator (ms). */
    toPrompt: z.number(),
    /** execution_success → the headers of the Discord request that uploads the video (ms). */
    toUpload: z.number(),
    uploadBytes: z.number(),
  }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export type RunnerMessage =
  { type: "burst"; seq: number; target: Target; size: number } | { type: "journey"; seq: number };
