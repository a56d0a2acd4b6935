import type { CacheSettings } from '../cache/types';

/**
 * The API's enumerations, as proto defines them (the console does not depend on proto, so they are
 * repeated here; the API refuses anything else).
 */
export const ROUTE_STRATEGIES = [
  'single',
  'weighted',
  'fallback',
  'conditional',
  'least-latency',
  'lowest-cost',
  'semantic',
  'ensemble',
] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

export const MATCH_OPERATORS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'regex',
] as const;

export const ENSEMBLE_MODES = ['synthesize', 'select', 'vote', 'first'] as const;

/** Statuses retried or fallen back on when a policy does not say (the API's default). */
export const DEFAULT_RETRY_STATUSES = [429, 500, 502, 503, 504];

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  onStatuses: number[];
}

export interface CircuitBreaker {
  failures: number;
  windowMs: number;
  cooldownMs: number;
}

/** A provider account and upstream model, or another route of the workspace (`routeId`, empty model). */
export interface RouteTarget {
  providerId: string | null;
  routeId: string | null;
  model: string;
  weight: number | null;
  overrides: Record<string, unknown> | null;
  retry: RetryPolicy | null;
  timeoutMs: number | null;
  breaker: CircuitBreaker | null;
}

export interface FallbackPolicy {
  onStatuses: number[];
  onTimeout: boolean;
  onConnectionError: boolean;
}

export type MatchValue = string | number | boolean | (string | number | boolean)[] | null;

export interface RouteMatch {
  field: string;
  op: string;
  value?: MatchValue;
}

export interface RouteRule {
  when: RouteMatch[];
  target: number;
}

export interface RouteConditions {
  rules: RouteRule[];
  defaultTarget: number;
}

export interface SemanticIntent {
  name: string;
  examples: string[];
  target: number;
  threshold: number | null;
}

export interface SemanticRouting {
  /** providerId null: the built-in local embedder. */
  embedder: { providerId: string | null; model: string };
  threshold: number;
  intents: SemanticIntent[];
  defaultTarget: number | null;
  onEmbedError: string;
}

export interface EnsembleSettings {
  mode: string;
  judge: RouteTarget | null;
  minResponses: number;
  deadlineMs: number;
  judgePrompt: string | null;
}

export interface Route {
  id: string;
  workspaceId: string;
  alias: string;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  /** Null: the defaults. */
  fallback: FallbackPolicy | null;
  conditions: RouteConditions | null;
  semantic: SemanticRouting | null;
  ensemble: EnsembleSettings | null;
  /** Null: the key's cache settings, if any, apply. */
  cache: CacheSettings | null;
  createdAt: string;
  updatedAt: string;
}
