import type { ComfyHttp } from "../comfy/http.js";

/** Takes a prompt off a server: deleted while still pending there, else interrupted (which stops it only if it runs). */
export async function takePromptOff(
  comfy: Pick<ComfyHttp, "queue" | "deleteFromQueue" | "interrupt">,
  promptId: string,
): Promise<"deleted_from_server" | "interrupted"> {
  const queue = await comfy.queue();
  if (queue.pending.some((item) => item.promptId === promptId)) {
    await comfy.deleteFromQueue([promptId]);
    return "deleted_from_server";
  }
  await comfy.interrupt(promptId);
  return "interrupted";
}
