import type { IncomingHttpHeaders } from 'node:http';
import type { CacheMode } from '@switchyard/proto';
import type { ChatBody } from '../providers/adapter-types';
import type { Embed } from '../routing/semantic/semantic-index';
import type { SubCallRecorder } from '../usage/usage-sink';
import type { RequestTrace } from '../telemetry/request-trace';
import { Lru } from './lru';
import type { CacheStore } from './nats-cache-store';
import { exactHash, semanticQuery, type SemanticQuery } from './request-hash';
import { VectorIndex } from './vector-index';

/** A route's or key's cache settings, ready for the hot path (built when a snapshot is applied). */
export interface CompiledCache {
  mode: CacheMode;
  ttlMs: number;
  /** Semantic: the similarity a hit needs. */
  threshold: number;
  /** Semantic: embeds the last user message. */
  embed: Embed | null;
  /** Semantic: `<provider id or "local">/<model>`; part of the context hash, so vectors of two embedders never meet. */
  embedderId: string;
}

/** The request header that skips the cache (`bypass`) or replaces its entry (`refresh`). */
export const CACHE_HEADER = 'x-switchyard-cache';

/** What the cache did for a request; the `x-switchyard-cache` response header. */
export type CacheResult = 'hit' | 'miss' | 'bypass' | 'refresh';

/** One request's way through the cache, decided before routing. */
export interface CachePlan {
  settings: CompiledCache;
  directive: 'use' | 'bypass' | 'refresh';
  workspaceId: string;
  routeId: string;
  /** The KV key this request's answer is stored under (`e.<hash>` or `s.<context>.<hash>`). */
  key: string;
  /** Semantic lookups: the embedded text and its context; null for exact ones. */
  query: SemanticQuery | null;
  /** The query's embedding, once computed. */
  vector: Float32Array | null;
}

/** A cached answer: the canonical `chat.completion` and what produced it. */
export interface CachedAnswer {
  completion: Record<string, unknown>;
  /** The upstream model that produced it. */
  model: string;
}

/** A stored entry, as JSON in the KV bucket. `w` and `r` are checked again on every hit. */
interface StoredEntry {
  v: 1;
  w: string;
  r: string;
  /** Epoch ms after which the entry is not served. */
  exp: number;
  model: string;
  completion: Record<string, unknown>;
  /** Semantic entries: the context hash and the query's vector (base64 of float32). */
  ctx?: string;
  vec?: string;
}

/** Entries written for semantic lookups, which every node indexes. */
export const SEMANTIC_KEYS = 's.>';

/** Decides how a request uses the cache: null when neither its route nor its key opted in. */
export function planCache(
  settings: CompiledCache | null,
  headers: IncomingHttpHeaders,
  workspaceId: string,
  routeId: string,
  body: ChatBody,
): CachePlan | null {
  if (!settings) return null;
  const header = headers[CACHE_HEADER];
  const value = typeof header === 'string' ? header.trim().toLowerCase() : '';
  const directive = value === 'bypass' ? 'bypass' : value === 'refresh' ? 'refresh' : 'use';
  const hash = exactHash(workspaceId, routeId, body);
  const query =
    settings.mode === 'semantic' ? semanticQuery(workspaceId, routeId, settings.embedderId, body) : null;
  return {
    settings,
    directive,
    workspaceId,
    routeId,
    key: query ? `s.${query.contextHash}.${hash}` : `e.${hash}`,
    query,
    vector: null,
  };
}

function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function decodeVector(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}

/**
 * The response cache of a node: a small in-process LRU in front of the shared store, and,
 * for semantic entries, an in-memory vector index fed by this node's writes and by the
 * store's watch (entries other nodes wrote). Lookups never throw: anything that goes wrong
 * (store slow or down, embedder failing, an entry that does not parse) is a miss.
 */
export class ResponseCache {
  private readonly memory: Lru<StoredEntry>;
  readonly index: VectorIndex;
  private store: CacheStore | null = null;

  constructor(options: { memoryEntries: number; semanticEntries: number }) {
    this.memory = new Lru(options.memoryEntries);
    this.index = new VectorIndex(options.semanticEntries);
  }

  /** Connects the shared store (set once, at start). */
  attach(store: CacheStore): void {
    this.store = store;
  }

  /** Learns an entry the store's watch delivered (this node's own writes come back too). */
  learn(key: string, value: Uint8Array, now = Date.now()): void {
    const entry = this.parse(value);
    if (!entry || entry.exp <= now) return;
    this.memory.set(key, entry, entry.exp);
    if (entry.ctx && entry.vec) this.index.add(entry.ctx, key, decodeVector(entry.vec), entry.exp);
  }

  /**
   * The cached answer for a planned request, or null (a miss, or a `bypass`/`refresh`
   * directive). Semantic plans get their query embedded here, also for `refresh`, so the
   * answer can be indexed afterwards; a provider embedder's call is billed to `billTo` (the
   * request, as a sub-call) and traced under `trace`.
   */
  async lookup(
    plan: CachePlan,
    billTo?: SubCallRecorder | null,
    trace?: RequestTrace | null,
  ): Promise<CachedAnswer | null> {
    if (plan.directive === 'bypass') return null;
    let key = plan.key;
    if (plan.query) {
      try {
        [plan.vector] = await plan.settings.embed!([plan.query.text], billTo, trace);
      } catch {
        return null;
      }
      if (plan.directive === 'refresh') return null;
      const match = this.index.best(plan.query.contextHash, plan.vector, plan.settings.threshold);
      if (!match) return null;
      key = match.id;
    }
    if (plan.directive === 'refresh') return null;
    const now = Date.now();
    let entry = this.memory.get(key, now);
    if (!entry) {
      const bytes = await this.store?.get(key);
      const fetched = bytes ? this.parse(bytes) : null;
      if (!fetched) return null;
      entry = fetched;
      if (entry.exp > now) this.memory.set(key, entry, entry.exp);
    }
    // The key's hash already covers workspace and route; this guards against a forged or corrupt entry.
    if (entry.w !== plan.workspaceId || entry.r !== plan.routeId || entry.exp <= now) return null;
    return { completion: entry.completion, model: entry.model };
  }

  /** Stores an answer for the planned request: in memory at once, in the shared store in the background. */
  remember(plan: CachePlan, answer: CachedAnswer, now = Date.now()): void {
    if (plan.query && !plan.vector) return; // the embedder failed: nothing to index it by
    const entry: StoredEntry = {
      v: 1,
      w: plan.workspaceId,
      r: plan.routeId,
      exp: now + plan.settings.ttlMs,
      model: answer.model,
      completion: answer.completion,
    };
    if (plan.query && plan.vector) {
      entry.ctx = plan.query.contextHash;
      entry.vec = encodeVector(plan.vector);
      this.index.add(entry.ctx, plan.key, plan.vector, entry.exp);
    }
    this.memory.set(plan.key, entry, entry.exp);
    this.store?.put(plan.key, Buffer.from(JSON.stringify(entry)));
  }

  private parse(value: Uint8Array): StoredEntry | null {
    try {
      const entry = JSON.parse(
        Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'),
      ) as StoredEntry;
      if (entry?.v !== 1 || typeof entry.exp !== 'number' || !entry.completion) return null;
      return entry;
    } catch {
      return null;
    }
  }
}
