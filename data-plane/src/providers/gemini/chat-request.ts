import type { ChatBody } from '../adapter-types';
import type { JsonObject } from '../openai-shape';
import { toGenerationConfig } from './generation-config';
import { toGeminiConversation } from './message-contents';
import { toGeminiToolConfig, toGeminiTools } from './tools';

// OpenAI parameters translated above, or meaningless to Gemini (which would answer 400
// "Unknown name" for them). Anything else in the body is taken to be Gemini's own
// (`safetySettings`, `cachedContent`, `labels`, …) and passed on untouched.
const CONSUMED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'temperature',
  'top_p',
  'top_k',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'n',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'reasoning_effort',
  'generationConfig',
  'user',
  'metadata',
  'store',
  'service_tier',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'modalities',
  'prediction',
  'safety_identifier',
  'prompt_cache_key',
  'verbosity',
]);

/**
 * The canonical (OpenAI) chat body → a Gemini `GenerateContentRequest` object, shared by
 * the Gemini API and Vertex AI. Throws `GatewayError` for input Gemini cannot express.
 */
export function toGeminiRequest(body: ChatBody): JsonObject {
  const { contents, systemInstruction } = toGeminiConversation(body.messages);
  const out: JsonObject = { contents };
  if (systemInstruction) out.systemInstruction = systemInstruction;
  const tools = toGeminiTools(body.tools);
  if (tools) out.tools = tools;
  const toolConfig = toGeminiToolConfig(body.tool_choice);
  if (toolConfig) out.toolConfig = toolConfig;
  const generationConfig = toGenerationConfig(body);
  if (generationConfig) out.generationConfig = generationConfig;
  for (const key of Object.keys(body)) {
    if (!CONSUMED.has(key) && body[key] !== undefined) out[key] = body[key];
  }
  return out;
}
