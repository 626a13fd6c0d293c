/** Listener signatures by event name. */
export type EventMap = { [event: string]: (...args: never[]) => void };

export interface Emitter<E extends EventMap> {
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: E[K]): () => void;
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void;
}

/**
 * A tiny typed emitter. A listener that throws is reported to `onListenerError` and does not stop the
 * others, so one faulty consumer cannot break the socket for every prompt.
 */
export function createEmitter<E extends EventMap>(onListenerError: (error: unknown) => void): Emitter<E> {
  const listeners = new Map<keyof E, Set<E[keyof E]>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event, ...args) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as (...a: Parameters<E[typeof event]>) => void)(...args);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
