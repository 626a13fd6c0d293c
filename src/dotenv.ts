import { existsSync } from "node:fs";

/**
 * `.env` in the working folder, read the same way by `npm start` and every CLI verb. Values already
 * in the environment win (systemd's EnvironmentFile, `docker run -e`).
 */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
