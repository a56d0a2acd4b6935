import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GuardrailVerdict } from '@switchyard/proto';
import type { GuardrailPipeline } from '../guardrails/guardrail-index';
import { guardrailError, RequestGuard, type VerdictSink } from '../guardrails/request-guard';
import { argumentsText, rewriteArguments } from '../guardrails/texts';
import { RpcError } from './rpc-error';

/**
 * The JSON-RPC error code of a tool call a guardrail denied: in the implementation-defined
 * server range, clear of the codes MCP itself uses there (-32000, -32001, -32042).
 */
export const GUARDRAIL_DENIED_CODE = -32020;

/** What checks read of a JSON value: its strings (keys included) and numbers, as in a chat tool call's arguments. */
function valueText(value: unknown): string {
  return argumentsText(JSON.stringify(value));
}

/** `value` with what checks read rewritten by `f` (a rewritten number becomes a string). */
function rewriteValue<T>(value: T, f: (s: string) => string): T {
  const json = JSON.stringify(value);
  const out = rewriteArguments(json, f);
  return out === json ? value : (JSON.parse(out) as T);
}

function denial(message: string, stage: 'input' | 'output'): RpcError {
  return new RpcError(GUARDRAIL_DENIED_CODE, message, { code: 'guardrail_denied', stage });
}

/**
 * The guardrails of one tool call: the workspace's and key's policies, run on the
 * arguments (input stage: what checks read of a chat tool call's arguments, `argumentsText`:
 * every string, keys included, and number; redacted as `rewriteArguments` does) and on the
 * result (output stage: its text blocks and the same of its structured content). A denial is a
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
    const { denied, redact } = await this.guard.inputText(valueText(args));
    if (denied) throw denial(guardrailError(denied).message.replace('The request', 'The tool call'), 'input');
    return redact ? rewriteValue(args, redact) : args;
  }

  /** The result to return (redacted), or throws the denial. */
  async output(result: CallToolResult): Promise<CallToolResult> {
    if (!this.guard.pipeline.hasOutput) return result;
    const texts = result.content.flatMap((c) => (c.type === 'text' ? [c.text] : []));
    if (result.structuredContent) texts.push(valueText(result.structuredContent));
    const denied = await this.guard.outputText(texts.join('\n'));
    if (denied) throw denial(denied.message.replace('The response', 'The tool result'), 'output');
    const redact = (t: string) => this.guard.redactOutput(t);
    return {
      ...result,
      content: result.content.map((c) => (c.type === 'text' ? { ...c, text: redact(c.text) } : c)),
      ...(result.structuredContent
        ? { structuredContent: rewriteValue(result.structuredContent, redact) }
        : {}),
    };
  }
}
