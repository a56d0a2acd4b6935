import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GuardrailVerdict } from '@switchyard/proto';
import type { GuardrailPipeline } from '../guardrails/guardrail-index';
import { guardrailError, RequestGuard, type VerdictSink } from '../guardrails/request-guard';
import { RpcError } from './rpc-error';

/**
 * The JSON-RPC error code of a tool call a guardrail denied: in the implementation-defined
 * server range, clear of the codes MCP itself uses there (-32000, -32001, -32042).
 */
export const GUARDRAIL_DENIED_CODE = -32020;

/** Every string inside `value`, depth first. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** `value` with every string rewritten by `f`. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

function denial(message: string, stage: 'input' | 'output'): RpcError {
  return new RpcError(GUARDRAIL_DENIED_CODE, message, { code: 'guardrail_denied', stage });
}

/**
 * The guardrails of one tool call: the workspace's and key's policies, run on the
 * arguments (input stage: every string in them, redacted in place) and on the result
 * (output stage: its text blocks and the strings of its structured content). A denial is a
 * JSON-RPC error with code -32020 whose message names the policy and check, as chat
 * requests name them. `llm_judge` checks pass here (they need a chat request to run in).
 */
export class ToolGuard {
  private readonly guard: RequestGuard;

  constructor(pipeline: GuardrailPipeline, server: string, tool: string, sink: VerdictSink) {
    this.guard = new RequestGuard(pipeline, { model: `${server}/${tool}`, metadata: {} }, sink);
  }

  get verdicts(): readonly GuardrailVerdict[] {
    return this.guard.verdicts;
  }

  /** Resolves when the call's async checks have finished. */
  settled(): Promise<void> {
    return this.guard.settled();
  }

  /** The arguments to send upstream (redacted), or throws the denial. */
  async input<T extends Record<string, unknown> | undefined>(args: T): Promise<T> {
    if (!this.guard.pipeline.hasInput || args === undefined) return args;
    const { denied, redact } = await this.guard.inputText(strings(args).join('\n'));
    if (denied) throw denial(guardrailError(denied).message.replace('The request', 'The tool call'), 'input');
    return redact ? mapStrings(args, redact) : args;
  }

  /** The result to return (redacted), or throws the denial. */
  async output(result: CallToolResult): Promise<CallToolResult> {
    if (!this.guard.pipeline.hasOutput) return result;
    const texts = result.content.flatMap((c) => (c.type === 'text' ? [c.text] : []));
    if (result.structuredContent) texts.push(...strings(result.structuredContent));
    const denied = await this.guard.outputText(texts.join('\n'));
    if (denied) throw denial(denied.message.replace('The response', 'The tool result'), 'output');
    const redact = (t: string) => this.guard.redactOutput(t);
    return {
      ...result,
      content: result.content.map((c) => (c.type === 'text' ? { ...c, text: redact(c.text) } : c)),
      ...(result.structuredContent
        ? { structuredContent: mapStrings(result.structuredContent, redact) }
        : {}),
    };
  }
}
