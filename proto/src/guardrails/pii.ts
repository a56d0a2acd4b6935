import type { TextMatch } from './types';

/** Kinds of personal data the `pii` check finds. */
export const PII_TYPES = ['email', 'phone', 'credit_card', 'iban', 'ssn', 'ip'] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 mod-97 checksum of an IBAN (spaces ignored). */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;
// Card numbers: 13–19 digits, optionally grouped by single spaces or dashes.
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g;
const IPV6 = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g;
// International (+CC …) or North American (NXX) NXX-XXXX numbers, 10–15 digits in all.
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4})(?![\w])/g;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function ipv6Valid(text: string): boolean {
  if (text.includes(':::')) return false;
  const doubles = text.split('::').length - 1;
  if (doubles > 1 || (doubles === 0 && (text.startsWith(':') || text.endsWith(':')))) return false;
  const groups = text.split(':').filter((g) => g !== '');
  return doubles === 1 ? groups.length <= 7 : groups.length === 8;
}

type Finder = (text: string) => { start: number; end: number }[];

function finder(regex: RegExp, accept?: (match: string) => boolean): Finder {
  return (text) => {
    const out: { start: number; end: number }[] = [];
    regex.lastIndex = 0;
    for (const m of text.matchAll(regex)) {
      if (accept && !accept(m[0])) continue;
      out.push({ start: m.index, end: m.index + m[0].length });
    }
    return out;
  };
}

/** Finders per PII kind; matches are validated (Luhn, mod-97, digit counts), not just pattern-matched. */
export const PII_FINDERS: Record<PiiType, Finder> = {
  email: finder(EMAIL),
  credit_card: finder(CARD, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
  }),
  iban: finder(IBAN, ibanValid),
  ssn: finder(SSN),
  ip: (text) => [...finder(IPV4)(text), ...finder(IPV6, ipv6Valid)(text)],
  phone: finder(PHONE, (m) => {
    const n = digitCount(m);
    return n >= 10 && n <= 15;
  }),
};

/** The longest text one PII match can span (an email's practical bound). */
export const PII_MAX_MATCH = 128;

/**
 * Every PII match of the given kinds, replaced by `[REDACTED_<KIND>]` (or `replacement`).
 * Kinds are searched in a fixed order (cards before phones), so a card number is not
 * reported as a phone number; overlapping matches are resolved by `mergeMatches`.
 */
export function findPii(text: string, types: readonly PiiType[], replacement?: string): TextMatch[] {
  const out: TextMatch[] = [];
  for (const type of PII_TYPES) {
    if (!types.includes(type)) continue;
    const label = replacement ?? `[REDACTED_${type.toUpperCase()}]`;
    for (const m of PII_FINDERS[type](text)) out.push({ ...m, replacement: label });
  }
  return out;
}
