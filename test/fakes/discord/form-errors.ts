import { invalidFormBody } from "./body.js";

/**
 * Discord's 50035 `errors` tree (reference#error-messages): it mirrors the body's structure, and each
 * refused value holds `_errors: [{ code, message }]`, e.g.
 * `{ embeds: { "0": { description: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", … }] } } } }`.
 */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  private count = 0;

  add(path: readonly (string | number | symbol)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node["_errors"] ??= []) as unknown[]).push({ code, message });
    this.count += 1;
  }

  maxLength(path: (string | number)[], value: string | null | undefined, max: number): void {
    if (typeof value === "string" && value.length > max)
      this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  }

  length(path: (string | number)[], value: string, min: number, max: number): void {
    if (value.length < min || value.length > max)
      this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }

  maxItems(path: (string | number)[], value: readonly unknown[] | null | undefined, max: number): void {
    if (value && value.length > max)
      this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  }

  throwIfAny(): void {
    if (this.count > 0) throw invalidFormBody(this.tree);
  }
}
