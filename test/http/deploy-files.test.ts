import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { startBotHttpServer } from "../../src/ops/ops-server.js";
import { createBotMetrics } from "../../src/metrics/bot-metrics.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const packageJson = z
  .object({ scripts: z.record(z.string(), z.string()), dependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(read("package.json")));

/** systemd's unit syntax: `[Section]` headers and `Key=Value` lines; a key may repeat. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header?.[1]) {
      if (sections.has(header[1])) throw new Error(`line ${index + 1}: [${header[1]}] twice`);
      sections.set(header[1], (current = new Map()));
      return;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair?.[1] || pair[2] === undefined || !current)
      throw new Error(`line ${index + 1}: not Key=Value: ${line}`);
    current.set(pair[1], [...(current.get(pair[1]) ?? []), pair[2]]);
  });
  return sections;
}

/** The start script's built entry, e.g. `dist/src/main.js` from `node --enable-source-maps … dist/src/main.js`. */
const builtEntry = /^node --enable-source-maps(?: --[a-z-]+=\d+)* (dist\/\S+\.js)$/.exec(
  packageJson.scripts.start ?? "",
)?.[1];
/** The source it is compiled from: `src/main.ts`. */
const entry = builtEntry?.replace(/^dist\//, "").replace(/\.js$/, ".ts");

/** Every file the bot loads when `npm start` runs it: relative imports and `new URL(…, import.meta.url)` reads. */
function runtimeFiles(start: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [start];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith(".ts")) continue;
    // Comments, and type-only imports: they are erased at compile time and load nothing.
    const source = read(file)
      .replace(/^\s*(\/\/|\*).*$/gm, "")
      .replace(/(?:^|\s)(?:import|export)\s+type\s[^;]*?from\s+"[^"]+"/gm, "");
    const specifiers = [
      ...source.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm),
      ...source.matchAll(/import\(\s*"([^"]+)"\s*\)/g),
    ].map((m) => m[1]!);
    for (const specifier of specifiers) {
      if (!specifier.startsWith(".")) {
        if (!specifier.startsWith("node:"))
          packages.add(
            specifier
              .split("/")
              .slice(0, specifier.startsWith("@") ? 2 : 1)
              .join("/"),
          );
        continue;
      }
      pending.push(relative(root, resolve(root, dirname(file), specifier.replace(/\.js$/, ".ts"))));
    }
    for (const m of source.matchAll(/new URL\(\s*"(\.[^"]+)",\s*import\.meta\.url\s*\)/g)) {
      pending.push(relative(root, resolve(root, dirname(file), m[1]!)));
    }
  }
  return { files, packages };
}

describe("deploy/oelala-bot.service", () => {
  const unit = parseUnit(read("deploy/oelala-bot.service"));
  const service = unit.get("Service");
  const one = (section: string, key: string) => unit.get(section)?.get(key)?.at(-1);

  it("GIVEN the unit file THEN it parses into Unit, Service and Install like the other Oelala units", () => {
    expect([...unit.keys()]).toEqual(["Unit", "Service", "Install"]);
    const after = one("Unit", "After")?.split(/\s+/);
    expect(after).toContain("comfyui.service");
    // network.target does nothing in a user unit.
    expect(after).not.toContain("network.target");
    expect(one("Service", "UMask")).toBe("0077");
    expect(one("Service", "WorkingDirectory")).toMatch(/^(%h|\/)/);
    expect(one("Service", "Restart")).toBe("always");
    expect(one("Service", "RestartSec")).toBe("5");
    expect(one("Install", "WantedBy")).toBe("default.target");
  });

  it("GIVEN systemd starts the bot THEN it runs `npm start` with the checkout's .env", () => {
    // Not /usr/bin/npm: Node under nvm or /usr/local has npm elsewhere; PATH finds it.
    expect(one("Service", "ExecStart")).toBe("/usr/bin/env npm start");
    expect(builtEntry).toBe("dist/src/main.js");
    expect(packageJson.scripts.prestart).toBe("node deploy/build.js --if-stale");
    const workingDirectory = one("Service", "WorkingDirectory")!;
    expect(service?.get("EnvironmentFile")).toEqual([`-${workingDirectory}/.env`]);
  });

  it("GIVEN systemd stops the bot THEN the bot itself gets SIGTERM and 30 s to finish", () => {
    expect(one("Service", "KillSignal")).toBe("SIGTERM");
    // npm does not pass SIGTERM on; with "mixed" or "process" only npm would get it and the bot would be orphaned.
    expect(one("Service", "KillMode") ?? "control-group").toBe("control-group");
    expect(one("Service", "TimeoutStopSec")).toBe("30");
  });
});

describe("deploy/Dockerfile", () => {
  const dockerfile = read("deploy/Dockerfile");
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  /** Each stage's instructions from its FROM on, by its name (`AS name`; the last one is "final"). */
  const stages = new Map<string, string[]>();
  instructions.forEach((line, index) => {
    if (!line.startsWith("FROM ")) return;
    const next = instructions.findIndex((l, i) => i > index && l.startsWith("FROM "));
    const name = /\sAS\s+(\S+)$/i.exec(line)?.[1] ?? "final";
    stages.set(name, instructions.slice(index, next === -1 ? undefined : next));
  });
  const final = stages.get("final") ?? [];
  /** A stage's own instructions and those of the stages it is built FROM. */
  const lineage = (name: string): string[] => {
    const own = stages.get(name) ?? [];
    const parent = /^FROM\s+(\S+)/.exec(own[0] ?? "")?.[1];
    return [...(parent && stages.has(parent) ? lineage(parent) : []), ...own];
  };
  const copiedIn = (lines: string[]) =>
    lines
      .filter((l) => l.startsWith("COPY ") && !l.includes("--from="))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
  /** The stage the final image copies `path` from: `COPY --from=build /app/dist ./dist` → "build". */
  const copiedFrom = (path: string) =>
    final
      .map((l) => /^COPY --from=(\S+)\s+(\S+)\s+(\S+)$/.exec(l))
      .find((m) => m?.[2] === `/app/${path}` && m[3] === `./${path}`)?.[1];
  const runtime = entry ? runtimeFiles(entry) : { files: new Set<string>(), packages: new Set<string>() };

  it("GIVEN the image THEN it exposes the metrics and the link port, and the example keeps metrics on loopback", () => {
    expect(dockerfile).toMatch(/^EXPOSE 8787 8788$/m);
    expect(dockerfile).toContain("-p 127.0.0.1:8787:8787");
    expect(dockerfile).not.toMatch(/-p 8787:8787/);
  });

  it("GIVEN the image THEN it is Node 20 on Debian bookworm and runs the start script's command with node as PID 1", () => {
    expect(final[0]).toBe("FROM node:20-bookworm-slim");
    const cmd = final.filter((l) => l.startsWith("CMD ")).at(-1);
    expect(cmd && JSON.parse(cmd.slice(4))).toEqual(packageJson.scripts.start?.split(" "));
    expect(final).toContain("USER node");
    expect(final).toContain("STOPSIGNAL SIGTERM");
  });

  it("GIVEN the bot's entry THEN every source and data file it loads is compiled into dist/ by the build stage, and the image gets dist/", async () => {
    expect(runtime.files.size).toBeGreaterThan(20);
    const build = copiedFrom("dist");
    expect(build).toBeDefined();
    const buildStage = lineage(build!);
    expect(buildStage).toContain("RUN npm run build");
    const copied = copiedIn(buildStage);
    const needed = [...runtime.files, "tsconfig.json", "tsconfig.build.json", "deploy/build.js"];
    const missing = needed.filter(
      (file) => !copied.some((source) => file === source || file.startsWith(`${source.replace(/\/$/, "")}/`)),
    );
    expect(missing).toEqual([]);
    // What tsc compiles and copies into dist/: every file the bot loads, the JSON it reads included.
    const program = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--listFilesOnly"],
        { cwd: root, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout) => (error ? fail(error) : done(stdout)),
      ),
    );
    const compiled = new Set(program.split("\n").map((line) => relative(root, line.trim())));
    expect([...runtime.files].filter((file) => !compiled.has(file))).toEqual([]);
    for (const file of runtime.files) expect(existsSync(join(root, file)), file).toBe(true);
    // Node reads "type": "module" from the package.json beside dist/.
    expect(copiedIn(final)).toContain("package.json");
  }, 60_000);

  it("GIVEN the image THEN its node_modules hold production dependencies only, and those are every package the bot imports", () => {
    const deps = copiedFrom("node_modules");
    expect(deps).toBeDefined();
    expect(lineage(deps!).filter((l) => l.startsWith("RUN ") && l.includes("npm ci"))).toEqual([
      expect.stringContaining("npm ci --omit=dev"),
    ]);
    const builtins = new Set(builtinModules);
    expect(runtime.packages).toContain("discord.js");
    const missing = [...runtime.packages].filter((p) => !builtins.has(p) && !(p in packageJson.dependencies));
    expect(missing).toEqual([]);
  });

  it("GIVEN a production install THEN it holds no TypeScript runner, compiler or development log printer", () => {
    const lock = z
      .object({ packages: z.record(z.string(), z.looseObject({ dev: z.boolean().optional() })) })
      .parse(JSON.parse(read("package-lock.json")));
    const production = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev !== true)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(production).toContain("discord.js");
    const tooling = production.filter((name) =>
      /^(tsx|esbuild|@esbuild\/.*|typescript|pino-pretty)$/.test(name),
    );
    expect(tooling).toEqual([]);
  });

  it.each([
    [true, 0],
    [false, 1],
  ])("GIVEN Discord ready=%s THEN the image's health check command exits %i", async (discordReady, code) => {
    const check = final.find((l) => l.startsWith("HEALTHCHECK "))!;
    const command = z.array(z.string()).parse(JSON.parse(check.slice(check.indexOf("CMD ") + 4)));
    const http = await startBotHttpServer({
      port: 0,
      host: "127.0.0.1",
      metrics: createBotMetrics(),
      health: async () => ({ discordReady, comfyServers: [{ server: "http://127.0.0.1:8188", up: true }] }),
    });
    try {
      const [program, ...args] = command;
      const exit = await new Promise<number | null>((done) =>
        execFile(program === "node" ? process.execPath : program!, args, {
          env: { ...process.env, HTTP_PORT: String(http.port) },
        }).on("exit", done),
      );
      expect(exit).toBe(code);
    } finally {
      await http.close();
    }
    expect(final.find((l) => l.startsWith("EXPOSE "))?.split(/\s+/)).toContain(
      /HTTP_PORT=(\d+)/.exec(final.join(" "))?.[1],
    );
  });

  it("GIVEN the build context THEN secrets, local data and node_modules stay out of it", () => {
    const ignored = read("deploy/Dockerfile.dockerignore")
      .split("\n")
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", "node_modules", "data", ".git", "dist"]));
    for (const stage of stages.values()) expect(copiedIn(stage)).not.toContain(".");
  });
});
