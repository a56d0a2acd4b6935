import { costMicroUsd, type ModelPrice } from '@switchyard/proto';
import type { CostOf } from '../snapshot/compiled';

const free: CostOf = () => 0;

/** The cost function of a target with this price (0 for every call when the price is unknown). */
export function costFunction(price: ModelPrice | null): CostOf {
  return price ? (usage) => costMicroUsd(price, usage).microUsd : free;
}

/** Micro-USD as a decimal number of USD for response bodies (e.g. 1234 → 0.001234). */
export function usdFromMicros(micros: number): number {
  return micros / 1_000_000;
}
