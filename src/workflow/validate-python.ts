/**
 * The bits of Python semantics ComfyUI's validation leaks into its answers: `int()`/`float()`/`bool()`
 * coercion, `str()`/`repr()` formatting in messages, and the exceptions a bad graph raises.
 */

/** A Python exception raised while validating (KeyError, IndexError, TypeError…). */
export class PythonException extends Error {
  override readonly name = "PythonException";
  constructor(
    readonly pyType: string,
    /** `str(ex)` in Python. */
    readonly pyMessage: string,
    readonly traceback: string[] = [],
  ) {
    super(`${pyType}: ${pyMessage}`);
  }
}

export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  return "dict";
}

/** Python's `repr(float)`: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "0", expText = "0"] = value.toExponential().split("e");
  const exponent = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fracPart = digits.slice(exponent + 1) || "0";
    return `${sign}${intPart}.${fracPart}`;
  }
  const frac = digits.slice(1);
  const expSign = exponent < 0 ? "-" : "+";
  return `${sign}${digits[0]}${frac ? `.${frac}` : ""}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** Python's `repr()` of a JSON value (a JSON number with no fraction is shown as an int). */
export function pyRepr(value: unknown): string {
  if (typeof value === "string") return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return pyStr(value);
}

/** Python's `str()` of a JSON value. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
  if (typeof value === "string") return value;
  return pyRepr(value);
}

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

const INT_LITERAL = /^[+-]?\d+(_\d+)*$/;
const FLOAT_LITERAL = /^[+-]?((\d+(_\d+)*)(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?$/;
const FLOAT_SPECIAL = /^[+-]?(inf|infinity|nan)$/i;

/** Python's `int(value)`. */
export function pyInt(value: unknown): Coerced<number> {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number") return { ok: true, value: Math.trunc(value) };
  if (typeof value === "string") {
    const text = value.trim();
    if (INT_LITERAL.test(text)) return { ok: true, value: Number(text.replaceAll("_", "")) };
    return { ok: false, message: `invalid literal for int() with base 10: ${pyRepr(value)}` };
  }
  return {
    ok: false,
    message: `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
  };
}

/** Python's `float(value)`. */
export function pyFloat(value: unknown): Coerced<number> {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number") return { ok: true, value };
  if (typeof value === "string") {
    const text = value.trim();
    if (FLOAT_LITERAL.test(text)) return { ok: true, value: Number(text.replaceAll("_", "")) };
    if (FLOAT_SPECIAL.test(text)) {
      const lower = text.toLowerCase();
      if (lower.endsWith("nan")) return { ok: true, value: NaN };
      return { ok: true, value: lower.startsWith("-") ? -Infinity : Infinity };
    }
    return { ok: false, message: `could not convert string to float: ${pyRepr(value)}` };
  }
  return {
    ok: false,
    message: `float() argument must be a string or a real number, not '${pyTypeName(value)}'`,
  };
}

/** Python's `bool(value)` (so the string "false" is True). */
export function pyBool(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.length > 0;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

/** Python `==` between JSON scalars (True == 1 == 1.0). */
export function pyEquals(a: unknown, b: unknown): boolean {
  const numeric = (v: unknown) => (typeof v === "boolean" ? Number(v) : v);
  const left = numeric(a);
  const right = numeric(b);
  if (typeof left === "number" && typeof right === "number") return left === right;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((v, i) => pyEquals(v, right[i]));
  }
  return left === right;
}

/** Python's `a < b` for validation bounds; raises TypeError for types Python cannot order. */
export function pyLess(a: unknown, b: unknown): boolean {
  const numeric = (v: unknown) => (typeof v === "boolean" ? Number(v) : v);
  const left = numeric(a);
  const right = numeric(b);
  if (typeof left === "number" && typeof right === "number") return left < right;
  if (typeof left === "string" && typeof right === "string") return left < right;
  throw new PythonException(
    "TypeError",
    `'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}
