/** Dimensions of the built-in embedder's vectors. */
export const LOCAL_DIMENSIONS = 1024;

// FNV-1a, 32-bit: a fast, well-spread hash for short strings.
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(vector: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  // The top bit picks the sign, so colliding features tend to cancel rather than pile up.
  vector[h % LOCAL_DIMENSIONS] += h & 0x80000000 ? -weight : weight;
}

/**
 * The built-in embedder: hashed character trigrams of each word plus the words
 * themselves, L2-normalised. It needs no model and no network, so semantic routing works
 * out of the box; it captures spelling overlap, not meaning, and is far weaker than an
 * embedding model ("refund" and "money back" share nothing). Deterministic.
 */
export function localEmbed(text: string): Float32Array {
  const vector = new Float32Array(LOCAL_DIMENSIONS);
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  for (const word of words) {
    add(vector, `w:${word}`, 2);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(vector, padded.slice(i, i + 3), 1);
  }
  return normalize(vector);
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}

/** Cosine similarity of two unit vectors (their dot product). */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
