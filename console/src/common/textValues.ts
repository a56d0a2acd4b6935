/**
 * Some API values are edited as text: JSON objects, status lists, one-per-line lists. A form field
 * holds the API's value until someone types, then the text; the data provider reads either with
 * these, and the inputs format either for display with the `*Text` functions.
 */

/** Empty text or nothing → null; a JSON object → itself; anything else throws (validation caught it first). */
export function jsonObjectOf(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value as Record<string, unknown>;
  if (value.trim() === '') return null;
  const parsed: unknown = JSON.parse(value);
  if (!isPlainObject(parsed)) throw new Error('Not a JSON object');
  return parsed;
}

export function jsonObjectText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A validator for text fields holding a JSON object. */
export function validJsonObject(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return isPlainObject(JSON.parse(value)) ? undefined : 'A JSON object, e.g. {"temperature": 0.2}';
  } catch {
    return 'Not valid JSON';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items separated by commas, spaces or new lines. */
export function listOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function listText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** One item per line (example utterances may contain commas). */
export function linesOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export function linesText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}

export function statusesOf(value: unknown): number[] {
  return listOf(value).map(Number);
}

export function validStatuses(value: unknown): string | undefined {
  const bad = listOf(value).find((item) => !/^[1-5]\d\d$/.test(item));
  return bad ? `${bad} is not an HTTP status` : undefined;
}

/** A number input's value: '' or null mean "not set". */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
