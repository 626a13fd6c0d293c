import { type ComfyError, isComfyError } from "../../../src/comfy/errors.js";

/** The reason a promise rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/** The ComfyError a promise rejected with; fails the test on anything else. */
export async function comfyFailure(promise: Promise<unknown>): Promise<ComfyError> {
  const error = await rejection(promise);
  if (!isComfyError(error)) throw new Error(`expected a ComfyError, got ${String(error)}`);
  return error;
}
