import type { ParamValue } from "./translate.js";

/** A template as a regular expression: literal text escaped, each `{name}` a lazy capture. */
export interface TemplatePattern {
  source: string;
  names: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const cache = new Map<string, TemplatePattern>();

export function templatePattern(template: string): TemplatePattern {
  const cached = cache.get(template);
  if (cached) return cached;
  const names: string[] = [];
  let source = "";
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    source += `${escape(template.slice(last, match.index))}([\\s\\S]+?)`;
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  source += escape(template.slice(last));
  const pattern = { source, names };
  cache.set(template, pattern);
  return pattern;
}

/** Numbers go back to numbers, so another locale can write them its own way ("2.5" → "2,5"). */
function valueOf(text: string): ParamValue {
  const number = Number(text);
  return /^\d+(?:\.\d+)?$/.test(text) && String(number) === text ? number : text;
}

export function paramsFrom(names: readonly string[], groups: readonly (string | undefined)[]) {
  const params: Record<string, ParamValue> = {};
  names.forEach((name, i) => {
    const value = groups[i];
    if (value !== undefined) params[name] = valueOf(value);
  });
  return params;
}

/** The placeholder values that turn `template` into exactly `text`, or undefined when it does not fit. */
export function matchTemplate(template: string, text: string): Record<string, ParamValue> | undefined {
  const { source, names } = templatePattern(template);
  const match = new RegExp(`^${source}$`).exec(text);
  return match ? paramsFrom(names, match.slice(1)) : undefined;
}
