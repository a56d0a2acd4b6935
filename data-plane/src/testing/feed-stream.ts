import type { StreamTranslator } from '../providers/adapter-types';

/** Feeds `bytes` to a stream translator in pieces cut at `cuts`, returning every chunk (`end()`'s included). */
export function feedStream(translator: StreamTranslator, bytes: Buffer, cuts: readonly number[] = []) {
  const chunks: Record<string, unknown>[] = [];
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    chunks.push(...translator.feed(bytes.subarray(from, to)));
    from = to;
  }
  chunks.push(...translator.end());
  return chunks;
}

/** Every cut point of `length` bytes, for byte-by-byte delivery. */
export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}
