/**
 * Text exactly as Python's `json.dumps(value)` writes it with its defaults
 * (`ensure_ascii=True`, separators `", "` and `": "`, `allow_nan=True`).
 * MLflow stores prompt chat messages, response formats and model configs this
 * way (docs/prompts.md#json-in-tags), and a file another MLflow reads must hold
 * the same bytes it would have written.
 */

/**
 * A number Python holds as a float. JavaScript has one number type, so a
 * float that happens to be whole (`0.0`, `1.0`) needs this mark to keep its
 * `.0`; any non-whole number is a float anyway.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyJson = null | boolean | number | bigint | string | PyFloat | PyJson[] | { [key: string]: PyJson };

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
  const fraction = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
  return `${sign}${whole}.${fraction}`;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** `ensure_ascii`: everything outside printable ASCII as `\uXXXX` per UTF-16 unit, as Python does. */
export function pythonJsonString(s: string): string {
  const escaped = s.replace(/["\\]|[^\x20-\x7e]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function numberText(n: number): string {
  // Python would hold a whole JavaScript number as an int; anything else is a float.
  if (Number.isSafeInteger(n)) return String(n);
  return pythonFloatText(n);
}

/** `json.dumps(value)`; object keys keep their insertion order, as a Python dict does. */
export function pythonJsonDumps(value: PyJson): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return pythonJsonString(value);
  if (value instanceof PyFloat) return pythonFloatText(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${pythonJsonString(k)}: ${pythonJsonDumps(v)}`);
  return `{${entries.join(', ')}}`;
}

/**
 * Parses JSON keeping what `json.dumps` needs to write it back the same:
 * numbers written with a fraction or exponent come back as PyFloat, so a
 * stored `0.0` is written as `0.0` again.
 */
export function parsePythonJson(text: string): PyJson {
  // Mark every float literal before JSON.parse loses the distinction; strings are skipped whole.
  const FLOAT_MARK = '\u0000pyfloat:';
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    token.startsWith('"') || !/[.eE]/.test(token) ? token : JSON.stringify(FLOAT_MARK + token),
  );
  return JSON.parse(marked, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(FLOAT_MARK) ? new PyFloat(Number(v.slice(FLOAT_MARK.length))) : v,
  ) as PyJson;
}

/** The plain JavaScript value of a PyJson (floats as numbers), for display and comparison. */
export function plainJson(value: PyJson): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(plainJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]));
  return value;
}
