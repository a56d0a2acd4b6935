const DIMENSIONS = 1024;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic, offline text vector (hashed words and character trigrams, unit length),
 * the same idea as the data plane's local embedder. It sees spelling overlap, not meaning.
 */
export function textVector(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    v[h % DIMENSIONS] += h & 0x80000000 ? -weight : weight;
  };
  for (const word of words) {
    add(`w:${word}`, 2);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(padded.slice(i, i + 3), 1);
  }
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) sum += v[i] * v[i];
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < DIMENSIONS; i++) v[i] *= scale;
  }
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Sentences of a text (and the text as a whole), the units compared against topic examples. */
export function textUnits(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return sentences.length > 1 ? [text, ...sentences] : [text];
}
