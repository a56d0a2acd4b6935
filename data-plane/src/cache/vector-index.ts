/** One remembered vector: which cache entry it stands for, and until when. */
interface IndexedVector {
  id: string;
  partition: Partition;
  /** The unit vector quantized to int8; its components are `q[i] * scale`. */
  q: Int8Array;
  scale: number;
  expiresAtMs: number;
  /** LSH bucket per table, once the partition has tables. */
  buckets: Int32Array | null;
  /** The number of the last lookup that scored this vector (to score each candidate once). */
  seen: number;
}

/** The vectors of one context (workspace, route, system prompt, prior turns): only they are compared. */
interface Partition {
  key: string;
  vectors: Map<string, IndexedVector>;
  /** Per table, bucket → vectors; built when the partition outgrows a linear scan. */
  tables: Map<number, IndexedVector[]>[] | null;
}

/** The best match of a lookup. */
export interface VectorMatch {
  id: string;
  score: number;
}

// Below this many vectors a partition is scanned whole (exact); above it, LSH narrows the scan.
const LINEAR_SCAN_LIMIT = 512;
// Random-hyperplane LSH: TABLES tables of BITS sign bits each; each lookup probes the query's
// bucket and the BITS buckets one bit away in every table (multi-probe). Measured by
// `pnpm bench` (BENCH_CACHE): ~92% recall at 100k entries, p99 under 1 ms.
const TABLES = 12;
const BITS = 20;

/** A deterministic PRNG (mulberry32), so every node draws the same hyperplanes. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indices of a vector's non-zero components when they are under a quarter of them, else null (dense). */
function sparseIndices(vector: Float32Array): Int32Array | null {
  let n = 0;
  for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) n++;
  if (n * 4 > vector.length) return null;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < vector.length; i++) if (vector[i] !== 0) out[k++] = i;
  return out;
}

function quantize(vector: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]));
  const q = new Int8Array(vector.length);
  if (max === 0) return { q, scale: 0 };
  const k = 127 / max;
  for (let i = 0; i < vector.length; i++) q[i] = Math.round(vector[i] * k);
  return { q, scale: max / 127 };
}

/**
 * The semantic cache's in-memory index: unit vectors grouped by context, each standing for
 * a cache entry, with a lookup for the most similar one above a threshold. Small partitions
 * are scanned exactly; large ones through random-hyperplane LSH tables (approximate: a
 * neighbour just above the threshold is occasionally missed, which is a cache miss, never a
 * wrong answer, since every candidate is scored exactly). Vectors are stored as int8 (1 byte
 * per dimension). Bounded: past `maxVectors` the oldest are forgotten.
 */
export class VectorIndex {
  private readonly partitions = new Map<string, Partition>();
  /** Every vector by id, oldest first (for eviction). */
  private readonly all = new Map<string, IndexedVector>();
  /** Random hyperplanes per dimension count (deterministic, so equal on every node). */
  private readonly planes = new Map<number, Float32Array>();
  private lookups = 0;

  constructor(private readonly maxVectors: number) {}

  get size(): number {
    return this.all.size;
  }

  /** Remembers (or replaces) the vector of entry `id` in partition `context`. */
  add(context: string, id: string, vector: Float32Array, expiresAtMs: number): void {
    if (this.maxVectors <= 0) return;
    this.remove(id);
    let partition = this.partitions.get(context);
    if (!partition)
      this.partitions.set(context, (partition = { key: context, vectors: new Map(), tables: null }));
    const { q, scale } = quantize(vector);
    const entry: IndexedVector = { id, partition, q, scale, expiresAtMs, buckets: null, seen: 0 };
    partition.vectors.set(id, entry);
    this.all.set(id, entry);
    if (partition.tables) this.insert(partition, entry, vector);
    else if (partition.vectors.size > LINEAR_SCAN_LIMIT) this.buildTables(partition);
    if (this.all.size > this.maxVectors) this.remove(this.all.keys().next().value!);
  }

  remove(id: string): void {
    const entry = this.all.get(id);
    if (!entry) return;
    this.all.delete(id);
    const { partition } = entry;
    partition.vectors.delete(id);
    if (partition.tables && entry.buckets) {
      for (let t = 0; t < TABLES; t++) {
        const bucket = partition.tables[t].get(entry.buckets[t]);
        if (!bucket) continue;
        const at = bucket.indexOf(entry);
        if (at >= 0) bucket.splice(at, 1);
        if (bucket.length === 0) partition.tables[t].delete(entry.buckets[t]);
      }
    }
    if (partition.vectors.size === 0) this.partitions.delete(partition.key);
  }

  /** The unexpired vector of `context` most similar to `vector` with a score ≥ `threshold`, or null. */
  best(context: string, vector: Float32Array, threshold: number, now = Date.now()): VectorMatch | null {
    const partition = this.partitions.get(context);
    if (!partition) return null;
    const stamp = ++this.lookups;
    // Sparse queries (the local embedder's hashed n-grams fill few dimensions) are scored over their non-zeros only.
    const nonZero = sparseIndices(vector);
    let best: IndexedVector | null = null;
    let bestScore = threshold;
    const expired: string[] = [];
    const score = (entry: IndexedVector) => {
      if (entry.seen === stamp) return;
      entry.seen = stamp;
      if (entry.expiresAtMs <= now) {
        expired.push(entry.id);
        return;
      }
      const q = entry.q;
      let s = 0;
      if (nonZero) for (let k = 0; k < nonZero.length; k++) s += vector[nonZero[k]] * q[nonZero[k]];
      else {
        const n = Math.min(q.length, vector.length);
        for (let i = 0; i < n; i++) s += vector[i] * q[i];
      }
      s *= entry.scale;
      if (s >= bestScore) {
        best = entry;
        bestScore = s;
      }
    };
    if (!partition.tables) for (const entry of partition.vectors.values()) score(entry);
    else {
      const buckets = this.bucketsOf(vector, nonZero);
      for (let t = 0; t < TABLES; t++) {
        const table = partition.tables[t];
        const home = buckets[t];
        const probe = (b: number) => {
          const bucket = table.get(b);
          if (bucket) for (const entry of bucket) score(entry);
        };
        probe(home);
        for (let bit = 0; bit < BITS; bit++) probe(home ^ (1 << bit));
      }
    }
    for (const id of expired) this.remove(id);
    const found = best as IndexedVector | null;
    return found ? { id: found.id, score: bestScore } : null;
  }

  private buildTables(partition: Partition): void {
    partition.tables = Array.from({ length: TABLES }, () => new Map<number, IndexedVector[]>());
    for (const entry of partition.vectors.values()) {
      const vector = new Float32Array(entry.q.length);
      for (let i = 0; i < vector.length; i++) vector[i] = entry.q[i] * entry.scale;
      this.insert(partition, entry, vector);
    }
  }

  private insert(partition: Partition, entry: IndexedVector, vector: Float32Array): void {
    entry.buckets = this.bucketsOf(vector, sparseIndices(vector));
    for (let t = 0; t < TABLES; t++) {
      const table = partition.tables![t];
      const b = entry.buckets[t];
      const bucket = table.get(b);
      if (bucket) bucket.push(entry);
      else table.set(b, [entry]);
    }
  }

  /** The LSH bucket of `vector` in each table: BITS signs of its projections on random hyperplanes. */
  private bucketsOf(vector: Float32Array, nonZero: Int32Array | null): Int32Array {
    const dims = vector.length;
    let planes = this.planes.get(dims);
    if (!planes) {
      const random = mulberry32(0x5eed);
      planes = new Float32Array(TABLES * BITS * dims);
      for (let i = 0; i < planes.length; i++) {
        // Box–Muller: Gaussian components make the hyperplanes' normals uniform on the sphere.
        const u = 1 - random();
        planes[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
      }
      this.planes.set(dims, planes);
    }
    const out = new Int32Array(TABLES);
    let p = 0;
    for (let t = 0; t < TABLES; t++) {
      let bucket = 0;
      for (let b = 0; b < BITS; b++, p += dims) {
        let s = 0;
        if (nonZero)
          for (let k = 0; k < nonZero.length; k++) s += planes[p + nonZero[k]] * vector[nonZero[k]];
        else for (let i = 0; i < dims; i++) s += planes[p + i] * vector[i];
        if (s >= 0) bucket |= 1 << b;
      }
      out[t] = bucket;
    }
    return out;
  }
}
