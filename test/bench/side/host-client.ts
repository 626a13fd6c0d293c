/** The runner's side of the fakes host: fork it, wait for "ready", ask and await answers one at a time. */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { type HostMessage, type RunnerMessage, hostMessageSchema } from "./protocol.js";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Host {
  ready: Extract<HostMessage, { type: "ready" }>;
  ask(message: DistributiveOmit<RunnerMessage, "seq">): Promise<HostMessage>;
  close(): Promise<void>;
}

export async function startHost(mode: "ack" | "journey"): Promise<Host> {
  const child: ChildProcess = fork(join(import.meta.dirname, "fakes-host.ts"), [mode], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let waiting: ((message: HostMessage) => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  child.on("message", (raw) => {
    const message = hostMessageSchema.parse(raw);
    if (message.type === "error") failed?.(new Error(`fakes host: ${message.message}`));
    else waiting?.(message);
  });
  child.once("exit", (code) => failed?.(new Error(`fakes host exited with code ${code}`)));
  const next = () =>
    new Promise<HostMessage>((answer, fail) => {
      waiting = answer;
      failed = fail;
    });
  const ready = await next();
  if (ready.type !== "ready") throw new Error("fakes host: expected ready");
  let seq = 0;
  return {
    ready,
    async ask(message) {
      const answer = next();
      child.send({ ...message, seq: ++seq });
      return answer;
    },
    async close() {
      child.disconnect();
      await exited;
    },
  };
}
