import { DiscordAPIError } from "@discordjs/rest";
import { describe, expect, it } from "vitest";
import { createLogger, hideUrlSecrets } from "../../src/logger.js";

const interactionToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA";
const botToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.bot-token-secret";

function capture(pretty?: boolean) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    destination: { write: (line: string) => void lines.push(line) },
    ...(pretty === undefined ? {} : { pretty }),
  });
  return { logger, text: () => lines.join("") };
}

const job = {
  id: "job-1",
  state: "running",
  origin: { userId: "111", guildId: "222", channelId: "333", interactionToken, attachmentSizeLimit: 10 },
};

describe("log redaction", () => {
  it("GIVEN a job with an interaction token is logged THEN the token prints as [redacted] and the rest stays", () => {
    const { logger, text } = capture();
    logger.info({ job }, "job state");
    const line = JSON.parse(text()) as { job: typeof job };

    expect(text()).not.toContain(interactionToken);
    expect(line.job.origin.interactionToken).toBe("[redacted]");
    expect(line.job.id).toBe("job-1");
    expect(line.job.origin.userId).toBe("111");
  });

  it("GIVEN jobs logged in a list, nested, or bound to a child logger THEN no token reaches the output", () => {
    const { logger, text } = capture();
    logger.info({ jobs: [job, job] }, "queue");
    logger.info({ queue: { next: job } }, "nested");
    logger.child({ job }).warn("child binding");
    logger.info({ origin: job.origin }, "origin alone");

    expect(text()).not.toContain(interactionToken);
    expect(text().match(/\[redacted\]/g)).toHaveLength(5);
  });

  it("GIVEN the environment, the config and request headers are logged THEN the bot token never appears", () => {
    const { logger, text } = capture();
    logger.info({ env: { DISCORD_TOKEN: botToken, HTTP_PORT: "8787" } }, "env");
    logger.info({ config: { discord: { token: botToken, apiUrl: "https://discord.com/api" } } }, "config");
    logger.info({ headers: { authorization: `Bot ${botToken}` } }, "headers");
    logger.info({ request: { headers: { Authorization: `Bot ${botToken}` } } }, "request");
    logger.info({ DISCORD_TOKEN: botToken }, "top level");

    expect(text()).not.toContain("bot-token-secret");
    expect(text()).toContain('"HTTP_PORT":"8787"');
    expect(text()).toContain('"apiUrl":"https://discord.com/api"');
  });

  it("GIVEN a discord.js API error on the interaction webhook THEN its URL is logged without the token", () => {
    const { logger, text } = capture();
    const url = `https://discord.com/api/v10/webhooks/123456789012345678/${interactionToken}/messages/@original`;
    const error = new DiscordAPIError({ code: 10015, message: "Unknown Webhook" }, 10015, 404, "PATCH", url, {
      body: {},
      files: undefined,
    });
    logger.warn({ err: error, jobId: "job-1" }, "progress edit failed");
    const line = JSON.parse(text()) as { err: { url: string; message: string } };

    expect(text()).not.toContain(interactionToken);
    expect(line.err.url).toBe(
      "https://discord.com/api/v10/webhooks/123456789012345678/[redacted]/messages/@original",
    );
    expect(line.err.message).toBe("Unknown Webhook");
  });

  it("GIVEN an interaction callback URL THEN only the token segment is hidden", () => {
    expect(
      hideUrlSecrets(`/interactions/123456789012345678/${interactionToken}/callback?with_response=true`),
    ).toBe("/interactions/123456789012345678/[redacted]/callback?with_response=true");
    expect(hideUrlSecrets("http://127.0.0.1:8188/history/abc")).toBe("http://127.0.0.1:8188/history/abc");
  });

  it("GIVEN pretty output THEN lines are human-readable and still redacted", () => {
    const { logger, text } = capture(true);
    logger.info({ job }, "job state");

    expect(() => JSON.parse(text())).toThrow();
    expect(text()).toContain("job state");
    expect(text()).toContain("[redacted]");
    expect(text()).not.toContain(interactionToken);
  });
});

describe("redaction of secrets wherever they hide", () => {
  const webhookToken = "wEbHoOkSeCrEt_abcdefghijklmnopqrstuvwxyz0123456789";
  const password = "hunter2-pass";

  it("GIVEN errors whose message and stack carry a webhook URL, a Bot token, an Authorization header and URL credentials THEN none is printed", () => {
    const { logger, text } = capture();
    const errors = [
      new Error(
        `PATCH https://discord.com/api/v10/webhooks/123456789012345678/${webhookToken}/messages/@original failed`,
      ),
      new Error(`request sent with Authorization: Bot ${botToken}`),
      new Error(`header was "authorization": "Bearer ${botToken}"`),
      new Error(`connect ECONNREFUSED http://oelala:${password}@127.0.0.1:8188/prompt`),
      new Error(`bare token ${botToken} in text`),
    ];
    for (const err of errors) logger.error({ err }, "failed");
    const wrapped = new Error("outer", { cause: errors[0] });
    logger.error({ err: wrapped }, "wrapped");
    logger.warn(`message text names http://u:${password}@host:8188/ and /webhooks/1/${webhookToken}`);

    for (const secret of [webhookToken, "bot-token-secret", password]) expect(text()).not.toContain(secret);
    expect(text()).toContain("ECONNREFUSED");
    expect(text()).toContain("127.0.0.1:8188");
  });

  it("GIVEN a token nested four or more levels deep, in an object or a child binding THEN it prints as [redacted]", () => {
    const { logger, text } = capture();
    logger.info({ a: { b: { c: { token: botToken } } } }, "deep");
    logger.info({ a: [{ b: { c: { d: { interactionToken } } } }] }, "deeper in a list");
    logger.child({ x: { y: { z: { authorization: `Bot ${botToken}` } } } }).info("bound");
    logger.info({ server: `http://admin:${password}@gpu2:8188` }, "server url");

    expect(text()).not.toContain("bot-token-secret");
    expect(text()).not.toContain(interactionToken);
    expect(text()).not.toContain(password);
    expect(text()).toContain("gpu2:8188");
  });
});
