import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One request served by a data-plane node. References (workspace, key, route, provider)
 * carry no foreign keys on purpose: a record is history and is kept even when what it
 * names was deleted, or was never known to this control plane.
 */
@Entity({ name: 'usage_records' })
export class UsageRecordEntity {
  /** The idempotency key: a replayed record is stored once. */
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 200 })
  requestId!: string;

  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId!: string | null;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'route_id', type: 'uuid', nullable: true })
  routeId!: string | null;

  @Column({ name: 'route_alias', type: 'varchar', length: 200, nullable: true })
  routeAlias!: string | null;

  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  model!: string | null;

  @Column({ type: 'varchar', length: 100 })
  endpoint!: string;

  @Column({ type: 'boolean' })
  stream!: boolean;

  /** bigint columns come back from pg as strings. */
  @Column({ name: 'input_tokens', type: 'bigint' })
  inputTokens!: string;

  @Column({ name: 'output_tokens', type: 'bigint' })
  outputTokens!: string;

  /** Integer micro-USD. */
  @Column({ name: 'cost_micro_usd', type: 'bigint' })
  costMicroUsd!: string;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ name: 'ttft_ms', type: 'int', nullable: true })
  ttftMs!: number | null;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 100, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'node_id', type: 'varchar', length: 200 })
  nodeId!: string;

  @Column({ name: 'tokens_estimated', type: 'boolean' })
  tokensEstimated!: boolean;

  /** Set on sub-calls (ensemble members, judges, routing embeddings): the client request they served. */
  @Column({ name: 'parent_request_id', type: 'varchar', length: 200, nullable: true })
  parentRequestId!: string | null;

  /** Upstream attempts, retries and fallbacks included; null when the node did not report it. */
  @Column({ type: 'int', nullable: true })
  attempts!: number | null;

  @Column({ name: 'cached_input_tokens', type: 'bigint', default: 0 })
  cachedInputTokens!: string;

  @Column({ name: 'reasoning_tokens', type: 'bigint', default: 0 })
  reasoningTokens!: string;

  /** The gateway response cache: `hit`, `miss`, or null when it was not consulted. */
  @Column({ name: 'cache_status', type: 'varchar', length: 16, nullable: true })
  cacheStatus!: string | null;
  /** Bytes of the client's request body (MCP tool calls); null when not measured. */
  @Column({ name: 'request_bytes', type: 'bigint', nullable: true })
  requestBytes!: string | null;

  @Column({ name: 'response_bytes', type: 'bigint', nullable: true })
  responseBytes!: string | null;

  /** Guardrail checks that did not pass: `[{policy, check, stage, verdict, detail}]`, or null. */
  @Column({ name: 'guardrail_verdicts', type: 'jsonb', nullable: true })
  guardrailVerdicts!:
    | { policy: string; check: string; stage: string; verdict: string; detail: string }[]
    | null;

  /** The prompt template served (no foreign key: usage outlives a deleted prompt); null elsewhere. */
  @Column({ name: 'prompt_id', type: 'uuid', nullable: true })
  promptId!: string | null;

  @Column({ name: 'prompt_version', type: 'int', nullable: true })
  promptVersion!: number | null;

  @Column({ name: 'request_payload', type: 'text', nullable: true })
  requestPayload!: string | null;

  @Column({ name: 'response_payload', type: 'text', nullable: true })
  responsePayload!: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
