/**
 * User-facing latencies of the bot in its own process, against the emulator (running) and a fake Discord
 * in a fakes host of their own: /i2v with a 1080p JPEG → the prompt's POST on ComfyUI, and ComfyUI's
 * `execution_success` → the Discord request that uploads the 10 MiB video.
 */
import { buildIfStale } from "../support/build.js";
import { type Peer, startPeer } from "./side/peers.js";
import { startHost } from "./side/host-client.js";
import { machineRow, options } from "./side-by-side.bench.js";
import { type BenchResult, median, round, runWhenMain } from "./result.js";

const JOURNEYS = 8;
const round1 = (ms: number) => round(ms, 1);

export async function benchJourney(): Promise<BenchResult[]> {
  const host = await startHost("journey");
  let peer: Peer | undefined;
  try {
    const { env, dataDir } = host.ready;
    peer = await startPeer(
      "bot",
      { apiUrl: "", gatewayUrl: "", token: "" },
      { env, dataDir },
      { node: options.node },
    );
    const toPrompt: number[] = [];
    const toUpload: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= JOURNEYS; i++) {
      const answer = await host.ask({ type: "journey" });
      if (answer.type !== "journey") throw new Error("expected a journey answer");
      if (i === 0) continue; // warm-up
      toPrompt.push(answer.toPrompt);
      toUpload.push(answer.toUpload);
      bytes = answer.uploadBytes;
    }
    return [
      {
        name: "user: /i2v (1080p JPEG) → POST /prompt, p50",
        value: round1(median(toPrompt)),
        unit: "ms",
        target: { op: "<", value: 300 },
        note: `${JOURNEYS} jobs one after another (after one warm-up): attachment download, intake, upload to ComfyUI, build, validate`,
      },
      {
        name: "user: /i2v (1080p JPEG) → POST /prompt, max",
        value: round1(Math.max(...toPrompt)),
        unit: "ms",
      },
      {
        name: "user: execution_success → video upload request, p50",
        value: round1(median(toUpload)),
        unit: "ms",
        target: { op: "<", value: 150 },
        note: `a ${round(bytes / 2 ** 20, 1)} MiB mp4; until the upload request's headers reach the fake Discord (the upload itself excluded); emulator timestamps have 1 ms resolution`,
      },
      {
        name: "user: execution_success → video upload request, max",
        value: round1(Math.max(...toUpload)),
        unit: "ms",
      },
    ];
  } finally {
    await peer?.stop().catch(() => undefined);
    await host.close();
  }
}

await runWhenMain(import.meta.url, async () => {
  await buildIfStale();
  return [machineRow(), ...(await benchJourney())];
});
