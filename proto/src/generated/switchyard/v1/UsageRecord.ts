// Original file: switchyard/v1/telemetry.proto

import type {
  GuardrailVerdict as _switchyard_v1_GuardrailVerdict,
  GuardrailVerdict__Output as _switchyard_v1_GuardrailVerdict__Output,
} from '../../switchyard/v1/GuardrailVerdict';
import type { Long } from '@grpc/proto-loader';

export interface UsageRecord {
  requestId?: string;
  workspaceId?: string;
  keyId?: string;
  routeId?: string;
  routeAlias?: string;
  providerId?: string;
  model?: string;
  endpoint?: string;
  stream?: boolean;
  inputTokens?: number | string | Long;
  outputTokens?: number | string | Long;
  costMicroUsd?: number | string | Long;
  latencyMs?: number;
  ttftMs?: number;
  status?: number;
  errorCode?: string;
  errorMessage?: string;
  startedAtMs?: number | string | Long;
  nodeId?: string;
  tokensEstimated?: boolean;
  parentRequestId?: string;
  attempts?: number;
  cachedInputTokens?: number | string | Long;
  reasoningTokens?: number | string | Long;
  cacheStatus?: string;
  requestBytes?: number | string | Long;
  responseBytes?: number | string | Long;
  guardrailVerdicts?: _switchyard_v1_GuardrailVerdict[];
  promptId?: string;
  promptVersion?: number;
  metadata?: { [key: string]: string };
  budgetSeq?: number | string | Long;
  requestPayload?: string;
  responsePayload?: string;
}

export interface UsageRecord__Output {
  requestId: string;
  workspaceId: string;
  keyId: string;
  routeId: string;
  routeAlias: string;
  providerId: string;
  model: string;
  endpoint: string;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  ttftMs: number;
  status: number;
  errorCode: string;
  errorMessage: string;
  startedAtMs: number;
  nodeId: string;
  tokensEstimated: boolean;
  parentRequestId: string;
  attempts: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  cacheStatus: string;
  requestBytes: number;
  responseBytes: number;
  guardrailVerdicts: _switchyard_v1_GuardrailVerdict__Output[];
  promptId: string;
  promptVersion: number;
  metadata: { [key: string]: string };
  budgetSeq: number;
  requestPayload: string;
  responsePayload: string;
}
