import type { ProgressSnapshot } from "../jobs/progress.js";

/**
 * A progress bar on a terminal (redrawn in place) or, when output is piped, one line per new
 * percentage so logs and tests can read the rise.
 */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stderr) {
  let last = -1;
  let lastPhase = "";
  const tty = stream.isTTY === true;
  return {
    update(snapshot: ProgressSnapshot) {
      if (snapshot.percent === last && snapshot.label === lastPhase) return;
      last = snapshot.percent;
      lastPhase = snapshot.label;
      const eta =
        snapshot.etaMs !== undefined && snapshot.percent < 100
          ? ` · ETA ${Math.ceil(snapshot.etaMs / 1000)} s`
          : "";
      if (tty) {
        const width = 30;
        const filled = Math.round((snapshot.percent / 100) * width);
        stream.write(
          `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(snapshot.percent).padStart(3)}% ${snapshot.label}${eta}\x1b[K`,
        );
      } else {
        stream.write(`${snapshot.percent}% ${snapshot.label}${eta}\n`);
      }
    },
    done() {
      if (tty) stream.write("\n");
    },
  };
}
