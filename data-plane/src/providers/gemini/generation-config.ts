import { GatewayError } from '../../errors';
import { isObject, type JsonObject } from '../openai-shape';
import { toGeminiSchema } from './schema';

// Thinking budgets for OpenAI's `reasoning_effort`, as Google's OpenAI compatibility layer maps them.
const THINKING_BUDGET: Record<string, number> = { none: 0, minimal: 0, low: 1024, medium: 8192, high: 24576 };

function number(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new GatewayError('invalid_type', `'${key}' must be a number.`, key);
  }
  return value;
}

function responseFormat(format: unknown, config: JsonObject): void {
  if (!isObject(format) || format.type === 'text') return;
  if (format.type === 'json_object') {
    config.responseMimeType = 'application/json';
  } else if (format.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    const spec = format.json_schema;
    if (isObject(spec) && spec.schema !== undefined) config.responseSchema = toGeminiSchema(spec.schema);
  } else {
    throw new GatewayError(
      'invalid_value',
      `Unsupported response_format type '${String(format.type)}'.`,
      'response_format.type',
    );
  }
}

/**
 * The sampling and output settings of an OpenAI body → Gemini `generationConfig`
 * (undefined when there are none). `reasoning_effort` becomes a thinking budget with the
 * thoughts included, so they come back as reasoning.
 */
export function toGenerationConfig(body: JsonObject): JsonObject | undefined {
  const config: JsonObject = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) config[key] = value;
  };
  set('temperature', number(body, 'temperature'));
  set('topP', number(body, 'top_p'));
  set('topK', number(body, 'top_k'));
  set('maxOutputTokens', number(body, 'max_completion_tokens') ?? number(body, 'max_tokens'));
  set('candidateCount', number(body, 'n'));
  set('seed', number(body, 'seed'));
  set('presencePenalty', number(body, 'presence_penalty'));
  set('frequencyPenalty', number(body, 'frequency_penalty'));
  const stop = body.stop;
  if (typeof stop === 'string') config.stopSequences = [stop];
  else if (Array.isArray(stop)) config.stopSequences = stop.filter((s) => typeof s === 'string');
  responseFormat(body.response_format, config);
  const effort = body.reasoning_effort;
  if (typeof effort === 'string') {
    const budget = THINKING_BUDGET[effort];
    if (budget === undefined)
      throw new GatewayError('invalid_value', `Unknown reasoning_effort '${effort}'.`, 'reasoning_effort');
    config.thinkingConfig =
      budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  // The escape hatch: a `generationConfig` in the body is Gemini's own and wins.
  if (isObject(body.generationConfig)) Object.assign(config, body.generationConfig);
  return Object.keys(config).length > 0 ? config : undefined;
}
