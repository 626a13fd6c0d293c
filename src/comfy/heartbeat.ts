import type { Clock } from "../clock.js";

/** The part of a ws socket the heartbeat needs. */
export interface Pingable {
  ping(): void;
  readonly readyState: number;
}

export interface Heartbeat {
  /** Starts pinging `socket` every interval; a ping still unanswered at the next tick means the link is dead. */
  start(socket: Pingable): void;
  /** Call on every pong. */
  pong(): void;
  stop(): void;
}

const OPEN = 1;

/** ComfyUI never pings, so a silently dead link is only noticed by pinging it ourselves. */
export function createHeartbeat(scheduler: Clock, intervalMs: number, onDead: () => void): Heartbeat {
  let timer: unknown;
  let answered = true;

  function tick(socket: Pingable): void {
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      if (socket.readyState !== OPEN) return;
      if (!answered) return onDead();
      answered = false;
      socket.ping();
      tick(socket);
    }, intervalMs);
  }

  return {
    start(socket) {
      this.stop();
      answered = true;
      tick(socket);
    },
    pong() {
      answered = true;
    },
    stop() {
      if (timer !== undefined) scheduler.clearTimeout(timer);
      timer = undefined;
    },
  };
}
