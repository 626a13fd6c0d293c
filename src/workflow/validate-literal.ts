/** ComfyUI's checks of one literal (non-link) input value: coercion, min, max, combo membership. */
import type { InputSpec } from "../comfy/object-info.js";
import { frames } from "./validate-links.js";
import {
  PythonException,
  pyBool,
  pyEquals,
  pyFloat,
  pyFloatRepr,
  pyInt,
  pyLess,
  pyRepr,
  pyStr,
  type Coerced,
} from "./validate-python.js";
import type { ComfyValidationError } from "./validate-types.js";

/** The `input_config` ComfyUI echoes: `[type, options]` without our fixture's `x_` annotations. */
export function inputConfig(spec: InputSpec): [string | unknown[], Record<string, unknown>] {
  const options = Object.fromEntries(Object.entries(spec[1] ?? {}).filter(([key]) => !key.startsWith("x_")));
  return [spec[0], options];
}

/** `a < b` as the bound checks do it: an unorderable pair raises TypeError out of validate_inputs. */
function less(a: unknown, b: unknown): boolean {
  try {
    return pyLess(a, b);
  } catch (error) {
    if (error instanceof PythonException)
      throw new PythonException(error.pyType, error.pyMessage, [frames.bounds]);
    throw error;
  }
}

export type LiteralOutcome = { error: ComfyValidationError } | { coerced: boolean; value: unknown };

function coerce(type: unknown, value: unknown): Coerced<unknown> | undefined {
  switch (type) {
    case "INT":
      return pyInt(value);
    case "FLOAT":
      return pyFloat(value);
    case "STRING":
      return { ok: true, value: pyStr(value) };
    case "BOOLEAN":
      return { ok: true, value: pyBool(value) };
    default:
      return undefined;
  }
}

/**
 * Python prints a bound as it was written in the node's source (`128.0` vs `1`). JSON loses that, so
 * a FLOAT spec with any fractional number (usually `step`) is taken to be written with float literals.
 */
function formatBound(bound: unknown, type: unknown, options: Record<string, unknown>): string {
  const fractional = ["default", "min", "max", "step", "round"].some((key) => {
    const n = options[key];
    return typeof n === "number" && !Number.isInteger(n);
  });
  if (typeof bound === "number" && type === "FLOAT" && fractional) return pyFloatRepr(bound);
  return pyStr(bound);
}

function formatValue(value: unknown, type: unknown): string {
  return type === "FLOAT" && typeof value === "number" ? pyFloatRepr(value) : pyStr(value);
}

/**
 * Checks a literal the way `validate_inputs` does. `rangeChecks` is false for inputs the node's own
 * VALIDATE_INPUTS handles (min/max/combo are then skipped).
 */
export function checkLiteral(
  name: string,
  spec: InputSpec,
  raw: unknown,
  rangeChecks: boolean,
  combo: unknown[] | undefined,
): LiteralOutcome {
  const [type] = spec;
  const options = spec[1] ?? {};
  const config = inputConfig(spec);
  let value = raw;
  let coerced = false;
  if (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.hasOwn(value, "__value__")
  ) {
    value = (value as { __value__: unknown }).__value__;
    coerced = true;
  }
  const conversion = coerce(type, value);
  if (conversion && !conversion.ok) {
    return {
      error: {
        type: "invalid_input_type",
        message: `Failed to convert an input value to a ${pyStr(type)} value`,
        details: `${name}, ${pyStr(value)}, ${conversion.message}`,
        extra_info: {
          input_name: name,
          input_config: config,
          received_value: value,
          exception_message: conversion.message,
        },
      },
    };
  }
  if (conversion?.ok) {
    value = conversion.value;
    coerced = true;
  }
  if (!rangeChecks) return { coerced, value };

  const received = formatValue(value, type);
  if ("min" in options && less(value, options["min"])) {
    return {
      error: {
        type: "value_smaller_than_min",
        message: `Value ${received} smaller than min of ${formatBound(options["min"], type, options)}`,
        details: name,
        extra_info: { input_name: name, input_config: config, received_value: value },
      },
    };
  }
  if ("max" in options && less(options["max"], value)) {
    return {
      error: {
        type: "value_bigger_than_max",
        message: `Value ${received} bigger than max of ${formatBound(options["max"], type, options)}`,
        details: name,
        extra_info: { input_name: name, input_config: config, received_value: value },
      },
    };
  }
  if (combo && !combo.some((option) => pyEquals(option, value))) {
    const long = combo.length > 20;
    return {
      error: {
        type: "value_not_in_list",
        message: "Value not in list",
        details: `${name}: '${pyStr(value)}' not in ${long ? `(list of length ${combo.length})` : pyRepr(combo)}`,
        extra_info: { input_name: name, input_config: long ? null : config, received_value: value },
      },
    };
  }
  return { coerced, value };
}
