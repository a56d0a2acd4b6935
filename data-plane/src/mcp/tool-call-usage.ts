import { ErrorCode, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { UsageRecord } from '@switchyard/proto';
import { performance } from 'node:perf_hooks';
import { newRequestId } from '../http/request-id';
import type { UsageSink } from '../usage/usage-sink';
import { RpcError } from './rpc-error';
import { GUARDRAIL_DENIED_CODE, type ToolGuard } from './tool-guard';

/** Where tool call records go, and what they are stamped with. */
export interface ToolCallUsage {
  sink: UsageSink;
  nodeId: string;
}

/** The endpoint of a tool call's usage record. */
export const MCP_TOOL_CALL_ENDPOINT = 'mcp.tools/call';

/**
 * Measures one `tools/call` and emits its usage record once: `routeAlias` is the server's
 * slug, `model` the upstream tool name, status 200 for an answer (an `isError` result is
 * recorded with `errorCode: tool_error`), 403 refused, 502 upstream failure, 504 timeout,
 * 400 an upstream JSON-RPC error.
 */
export class ToolCallMeter {
  private readonly requestId = newRequestId();
  private readonly startedAtMs = Date.now();
  private readonly startedAt = performance.now();
  private readonly requestBytes: number;
  private server = '';
  private tool = '';
  private done = false;

  constructor(
    private readonly session: { keyId: string; workspaceId: string; usage: ToolCallUsage },
    params: { name: string },
  ) {
    this.requestBytes = Buffer.byteLength(JSON.stringify(params));
    this.tool = params.name;
  }

  target(server: string, tool: string): void {
    this.server = server;
    this.tool = tool;
  }

  private guard: ToolGuard | null = null;

  /** The call's guardrails: their verdicts go in the record, which waits for their async checks. */
  guardedBy(guard: ToolGuard): void {
    this.guard = guard;
  }

  finish(result: CallToolResult): void {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (result.isError) this.emit(200, 'tool_error', 'the tool reported an error', bytes);
    else this.emit(200, '', '', bytes);
  }

  /** Records a refusal and hands the error back to throw. */
  refuse(err: RpcError, status: number, code: string): RpcError {
    this.emit(status, code, err.message, 0);
    return err;
  }

  fail(err: unknown): void {
    if (this.done) return;
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof RpcError)) return this.emit(500, 'internal_error', message, 0);
    if (err.code === ErrorCode.RequestTimeout) return this.emit(504, 'upstream_timeout', message, 0);
    if (err.code === ErrorCode.InternalError) return this.emit(502, 'upstream_error', message, 0);
    if (err.code === GUARDRAIL_DENIED_CODE) {
      const stage = (err.data as { stage?: string } | undefined)?.stage;
      return this.emit(stage === 'output' ? 422 : 400, 'guardrail_denied', message, 0);
    }
    this.emit(400, `jsonrpc_${err.code}`, message, 0);
  }

  private emit(status: number, errorCode: string, errorMessage: string, responseBytes: number): void {
    if (this.done) return;
    this.done = true;
    const record: UsageRecord = {
      requestId: this.requestId,
      workspaceId: this.session.workspaceId,
      keyId: this.session.keyId,
      routeAlias: this.server,
      model: this.tool.slice(0, 200),
      endpoint: MCP_TOOL_CALL_ENDPOINT,
      stream: false,
      latencyMs: Math.round(performance.now() - this.startedAt),
      status,
      errorCode,
      errorMessage: errorMessage.slice(0, 1000),
      startedAtMs: this.startedAtMs,
      nodeId: this.session.usage.nodeId,
      requestBytes: this.requestBytes,
      responseBytes,
    };
    const { guard } = this;
    if (!guard) return this.session.usage.sink.push(record);
    void guard.settled().then(() =>
      this.session.usage.sink.push({
        ...record,
        guardrailVerdicts: guard.verdicts
          .filter((v) => v.verdict !== 'pass')
          .map((v) => ({
            policy: v.policy,
            check: v.check,
            stage: v.stage,
            verdict: v.verdict,
            detail: v.detail ?? '',
          })),
      }),
    );
  }
}
