/**
 * What start-up has started so far, stopped in reverse order when a later step fails, so a failed
 * start leaves nothing holding the event loop open (and the process can exit for its supervisor).
 */
export function createTeardown() {
  const steps: (() => unknown)[] = [];
  return {
    add(stop: () => unknown) {
      steps.push(stop);
    },
    async run() {
      for (const stop of steps.splice(0).reverse()) {
        await Promise.resolve()
          .then(stop)
          .catch(() => undefined);
      }
    },
  };
}

export type Teardown = ReturnType<typeof createTeardown>;
