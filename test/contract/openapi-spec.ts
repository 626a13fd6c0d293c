import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/**
 * Discord's own OpenAPI description (discord/discord-api-spec, v10), read from `../shared` beside the
 * checkout; never copied into the project. OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv2020
 * reads them as they are; only the spec's own `format` names (snowflake, int32, int64, nonce, double)
 * are added, and `strict: false` lets Ajv pass over the OpenAPI annotations it does not know
 * (`x-discord-union`, `contentEncoding` on multipart file parts).
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const specPath = join(repoRoot, "../shared/discord/openapi.json");

export const specAvailable = existsSync(specPath);

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
}
interface Spec {
  openapi: string;
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, unknown> };
}

export interface BodyCheck {
  operationId: string;
  /** The content type whose schema was used: application/json (the JSON body or `payload_json`). */
  valid: boolean;
  errors: ErrorObject[];
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function loadSpecValidator() {
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as Spec;
  if (!spec.openapi.startsWith("3.1")) throw new Error(`expected OpenAPI 3.1, found ${spec.openapi}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat("snowflake", /^(0|[1-9][0-9]*)$/);
  ajv.addFormat("nonce", true);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addSchema({ $id: "discord", components: spec.components }, "discord");

  const templates = Object.keys(spec.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    // A literal segment (`@original`) beats a parameter in the same place.
    params: (template.match(/\{/g) ?? []).length,
  }));
  templates.sort((a, b) => a.params - b.params);
  const compiled = new Map<string, ValidateFunction>();

  /** The operation for a recorded request, by method and path (e.g. `PATCH /webhooks/1/t/messages/@original`). */
  function operationFor(method: string, path: string): (Operation & { template: string }) | undefined {
    for (const t of templates) {
      if (!t.pattern.test(path)) continue;
      const op = spec.paths[t.template]?.[method.toLowerCase()] as Operation | undefined;
      if (op) return { ...op, template: t.template };
    }
    return undefined;
  }

  function check(method: string, path: string, body: unknown): BodyCheck | { operationId: null } {
    const op = operationFor(method, path);
    if (!op) return { operationId: null };
    const schema = op.requestBody?.content["application/json"]?.schema;
    if (!schema) return { operationId: op.operationId, valid: body === undefined, errors: [] };
    let validate = compiled.get(op.operationId);
    if (!validate) {
      // The request schemas refer to `#/components/...`; resolve those inside the added spec.
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"discord#/components/'),
      );
      validate = ajv.compile(rewritten as object);
      compiled.set(op.operationId, validate);
    }
    const valid = validate(body) as boolean;
    return { operationId: op.operationId, valid, errors: validate.errors ?? [] };
  }

  return { check, operationFor, version: spec.openapi };
}
