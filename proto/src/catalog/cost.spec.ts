import { costMicroUsd, formatUsd } from './cost';
import { findModel } from './lookup';

const price = { inputPerMTok: 2_500_000, outputPerMTok: 10_000_000, cachedInputPerMTok: 1_250_000 };

describe('costMicroUsd', () => {
  it('bills prompt, cached and completion tokens at their prices', () => {
    // 1,000 prompt tokens of which 400 cached: 600 × $2.50 + 400 × $1.25 + 500 × $10 per million.
    expect(costMicroUsd(price, { promptTokens: 1_000, cachedTokens: 400, completionTokens: 500 })).toEqual({
      microUsd: 1_500 + 500 + 5_000,
      known: true,
    });
  });

  it('bills cached tokens at the input price when there is no cached price', () => {
    const noCache = { inputPerMTok: 2_500_000, outputPerMTok: 10_000_000 };
    expect(
      costMicroUsd(noCache, { promptTokens: 1_000, cachedTokens: 400, completionTokens: 0 }).microUsd,
    ).toBe(2_500);
    expect(
      costMicroUsd(
        { ...noCache, cachedInputPerMTok: null },
        { promptTokens: 1_000, cachedTokens: 400, completionTokens: 0 },
      ).microUsd,
    ).toBe(2_500);
  });

  it('rounds half up once, on the exact total', () => {
    const cheap = { inputPerMTok: 150_000, outputPerMTok: 600_000 };
    // 3 × 0.15 = 0.45 micro-USD → 0; 4 × 0.15 = 0.6 → 1; 10 × 0.05 = 0.5 → 1.
    expect(costMicroUsd(cheap, { promptTokens: 3, completionTokens: 0 }).microUsd).toBe(0);
    expect(costMicroUsd(cheap, { promptTokens: 4, completionTokens: 0 }).microUsd).toBe(1);
    expect(
      costMicroUsd({ inputPerMTok: 50_000, outputPerMTok: 0 }, { promptTokens: 10, completionTokens: 0 })
        .microUsd,
    ).toBe(1);
    // Three parts each below half a micro-USD add up to more than one: rounding is not per part.
    expect(costMicroUsd(cheap, { promptTokens: 2, cachedTokens: 0, completionTokens: 1 }).microUsd).toBe(1);
  });

  it('keeps precision with huge token counts', () => {
    const pricey = { inputPerMTok: 150_000_000, outputPerMTok: 600_000_000, cachedInputPerMTok: 75_000_000 };
    const usage = { promptTokens: 1e12 + 1, cachedTokens: 5e11, completionTokens: 3e12 + 7 };
    const exact =
      5n * 10n ** 11n * 75_000_000n +
      (5n * 10n ** 11n + 1n) * 150_000_000n +
      (3n * 10n ** 12n + 7n) * 600_000_000n;
    expect(costMicroUsd(pricey, usage)).toEqual({
      microUsd: Number((exact + 500_000n) / 1_000_000n),
      known: true,
    });
    expect(Number.isSafeInteger(costMicroUsd(pricey, usage).microUsd)).toBe(true);
    expect(costMicroUsd(pricey, usage).microUsd).toBe(1_912_500_000_004_350);
  });

  it('costs nothing for no tokens, and flags an unknown price', () => {
    expect(costMicroUsd(price, { promptTokens: 0, completionTokens: 0 })).toEqual({
      microUsd: 0,
      known: true,
    });
    expect(costMicroUsd(null, { promptTokens: 1_000, completionTokens: 1_000 })).toEqual({
      microUsd: 0,
      known: false,
    });
  });

  it('treats cached beyond the prompt, negative and fractional counts sanely', () => {
    expect(
      costMicroUsd(price, { promptTokens: 100, cachedTokens: 1_000, completionTokens: 0 }).microUsd,
    ).toBe(125);
    expect(costMicroUsd(price, { promptTokens: -5, completionTokens: Number.NaN }).microUsd).toBe(0);
    expect(costMicroUsd(price, { promptTokens: 1_000.9, completionTokens: 0 }).microUsd).toBe(2_500);
  });

  it('works on catalog entries directly', () => {
    const entry = findModel('anthropic', 'claude-sonnet-4-5');
    expect(
      costMicroUsd(entry, { promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 1_000_000 }).microUsd,
    ).toBe(18_000_000);
  });
});

describe('formatUsd', () => {
  it('writes micro-USD as dollars with six decimals', () => {
    expect(formatUsd(123)).toBe('0.000123');
    expect(formatUsd(0)).toBe('0.000000');
    expect(formatUsd(18_000_000)).toBe('18.000000');
    expect(formatUsd(1_234_567)).toBe('1.234567');
    expect(formatUsd(-5)).toBe('-0.000005');
    expect(formatUsd(12_345_678_901_234_567_890n)).toBe('12345678901234.567890');
  });
});
