import type { ModelPrice } from './price-table';

/** Token counts of one response. `promptTokens` includes `cachedTokens` (OpenAI's convention). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
}

/** A cost in integer micro-USD; `known` is false when the model had no price (`microUsd` is then 0). */
export interface Cost {
  microUsd: number;
  known: boolean;
}

/** The price fields cost arithmetic reads; `ModelPrice` and `CatalogModel` both fit. */
export type PriceLike = Pick<ModelPrice, 'inputPerMTok' | 'outputPerMTok'> & {
  cachedInputPerMTok?: number | null;
};

const PER_MILLION = 1_000_000;
const UNKNOWN: Cost = Object.freeze({ microUsd: 0, known: false });

/** Counts from upstream are trusted only as far as non-negative integers go. */
function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The cost of a response in integer micro-USD: cached prompt tokens at the cached price (the input
 * price when there is none), the rest of the prompt at the input price, completion tokens at the
 * output price. Prices are per million tokens, so the exact sum is divided by a million once and
 * rounded half up; nothing goes through a float. Sums beyond 2^53 are done in BigInt.
 */
export function costMicroUsd(price: PriceLike | null | undefined, usage: TokenUsage): Cost {
  if (!price) return UNKNOWN;
  const prompt = count(usage.promptTokens);
  const cached = Math.min(count(usage.cachedTokens), prompt);
  const completion = count(usage.completionTokens);
  const cachedPrice = price.cachedInputPerMTok ?? price.inputPerMTok;

  const a = cached * cachedPrice;
  const b = (prompt - cached) * price.inputPerMTok;
  const c = completion * price.outputPerMTok;
  const sum = a + b + c;
  if (
    Number.isSafeInteger(a) &&
    Number.isSafeInteger(b) &&
    Number.isSafeInteger(c) &&
    Number.isSafeInteger(sum)
  ) {
    const remainder = sum % PER_MILLION;
    const whole = (sum - remainder) / PER_MILLION;
    return { microUsd: remainder >= PER_MILLION / 2 ? whole + 1 : whole, known: true };
  }
  const exact =
    BigInt(cached) * BigInt(cachedPrice) +
    BigInt(prompt - cached) * BigInt(price.inputPerMTok) +
    BigInt(completion) * BigInt(price.outputPerMTok);
  return { microUsd: Number((exact + 500_000n) / 1_000_000n), known: true };
}

/** Micro-USD as a decimal dollar string with six places, e.g. `123` → `0.000123`. */
export function formatUsd(micro: number | bigint): string {
  const value = typeof micro === 'bigint' ? micro : BigInt(Math.round(micro));
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(7, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
