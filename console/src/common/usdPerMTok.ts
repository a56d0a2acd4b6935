/**
 * Prices are stored as integer micro-USD per million tokens (3000000 = $3/MTok) and shown and typed
 * in dollars per million tokens.
 */
export function usdPerMTokText(micro: number | null | undefined): string {
  if (micro === null || micro === undefined) return '—';
  const dollars = micro / 1_000_000;
  return `$${dollars.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}

/** For a number input showing dollars over a micro-USD value. */
export const microToUsd = (micro: number | string | null | undefined): string =>
  micro === null || micro === undefined || micro === '' ? '' : String(Number(micro) / 1_000_000);

export const usdToMicro = (usd: string | null | undefined): number | null => {
  if (usd === null || usd === undefined || String(usd).trim() === '') return null;
  const value = Number(usd);
  return Number.isFinite(value) ? Math.round(value * 1_000_000) : null;
};
