import type { ChatBody } from '../adapter-types';
import { translateMessages } from './message-translation';
import { translateToolChoice, translateTools } from './tool-translation';
import type { AnthropicBlockParam } from './wire-types';

/** How a Messages body is built for a given deployment of Anthropic's models. */
export interface RequestTranslationOptions {
  /** `max_tokens` when the client gave none: Anthropic requires one. */
  defaultMaxTokens: number;
  /** False where the model is named by the URL instead (Vertex AI's `…/models/<model>:rawPredict`). */
  includeModel: boolean;
  /** Sent as `anthropic_version` in the body (Vertex AI: `vertex-2023-10-16`); the direct API takes a header. */
  anthropicVersion?: string;
}

export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Keys of OpenAI's chat completions body. Those the translation reads are mapped; the rest
 * have no Anthropic counterpart and are dropped (`n`, penalties, `logit_bias`, `logprobs`,
 * `seed`, `store`, OpenAI's `metadata`, `service_tier`, `modalities`/`audio`, …). Any other
 * top-level key is the client's escape hatch (OpenAI SDKs' `extra_body`): copied as is.
 */
const OPENAI_CHAT_KEYS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens',
  'temperature', 'top_p', 'stop', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
  'user', 'safety_identifier', 'reasoning_effort', 'n', 'frequency_penalty', 'presence_penalty',
  'logit_bias', 'logprobs', 'top_logprobs', 'seed', 'store', 'metadata', 'modalities', 'audio',
  'prediction', 'service_tier', 'prompt_cache_key', 'prompt_cache_retention', 'verbosity',
  'web_search_options', 'functions', 'function_call',
]); // prettier-ignore

/** Thinking budgets for OpenAI's `reasoning_effort` (Anthropic's minimum budget is 1,024). */
const THINKING_BUDGETS: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
};
const MIN_THINKING_BUDGET = 1024;

/** What `response_format: {"type":"json_object"}` becomes: Anthropic has no schema-less JSON mode. */
export const JSON_OBJECT_INSTRUCTION =
  'Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences.';

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function withInstruction(system: string | AnthropicBlockParam[] | undefined, text: string) {
  if (system === undefined) return text;
  if (typeof system === 'string') return `${system}\n\n${text}`;
  return [...system, { type: 'text', text }];
}

/**
 * An OpenAI chat completions body as an Anthropic Messages body. Pure: the same function
 * serves the direct API and Anthropic models on other clouds (see the options).
 *
 * - `max_completion_tokens` / `max_tokens` → `max_tokens` (default `defaultMaxTokens`);
 * - `stop` (string or array) → `stop_sequences`; `temperature`, `top_p` as they are;
 * - `user` (or `safety_identifier`) → `metadata.user_id`;
 * - `response_format`: `json_schema` → `output_config.format` (Anthropic's structured
 *   outputs: the answer is JSON text matching the schema, so responses need no rewriting;
 *   models without structured outputs reject it, as OpenAI models without it do);
 *   `json_object` → an instruction appended to `system` (nothing enforces it upstream);
 * - `reasoning_effort` (low/medium/high/xhigh) → `thinking` with a budget below `max_tokens`,
 *   unless the client sent Anthropic's `thinking` itself or the budget cannot fit;
 * - tools and messages: see `translateTools`, `translateToolChoice`, `translateMessages`.
 */
export function translateChatRequest(
  body: ChatBody,
  stream: boolean,
  options: RequestTranslationOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.includeModel) out.model = body.model;
  if (options.anthropicVersion !== undefined) out.anthropic_version = options.anthropicVersion;
  const { system, messages } = translateMessages(body.messages);
  out.messages = messages;

  let systemPrompt = system;
  const format = body.response_format as
    | { type?: unknown; json_schema?: { schema?: unknown } }
    | null
    | undefined;
  if (format?.type === 'json_object') systemPrompt = withInstruction(systemPrompt, JSON_OBJECT_INSTRUCTION);
  else if (
    format?.type === 'json_schema' &&
    format.json_schema?.schema &&
    typeof format.json_schema.schema === 'object'
  ) {
    out.output_config = { format: { type: 'json_schema', schema: format.json_schema.schema } };
  }
  if (systemPrompt !== undefined) out.system = systemPrompt;

  const asked = positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens);
  let maxTokens = asked ?? options.defaultMaxTokens;
  const budget =
    typeof body.reasoning_effort === 'string' ? THINKING_BUDGETS[body.reasoning_effort] : undefined;
  if (budget !== undefined && body.thinking === undefined) {
    // OpenAI counts reasoning inside max_completion_tokens, as Anthropic counts thinking inside max_tokens.
    if (asked === undefined) maxTokens = budget + options.defaultMaxTokens;
    const fitted = Math.min(budget, maxTokens - 1);
    if (fitted >= MIN_THINKING_BUDGET) out.thinking = { type: 'enabled', budget_tokens: fitted };
  }
  out.max_tokens = maxTokens;

  if (typeof body.temperature === 'number') out.temperature = body.temperature;
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  const stop = body.stop;
  if (typeof stop === 'string') out.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) out.stop_sequences = stop;

  const tools = translateTools(body.tools);
  if (tools) {
    out.tools = tools;
    const choice = translateToolChoice(body.tool_choice, body.parallel_tool_calls);
    if (choice) out.tool_choice = choice;
  }
  const user = typeof body.user === 'string' && body.user !== '' ? body.user : body.safety_identifier;
  if (typeof user === 'string' && user !== '') out.metadata = { user_id: user };
  if (stream) out.stream = true;

  for (const key in body) {
    if (!OPENAI_CHAT_KEYS.has(key)) out[key] = body[key];
  }
  return out;
}
