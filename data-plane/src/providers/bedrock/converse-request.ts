import { GatewayError } from '../../errors';
import type { ChatBody } from '../adapter-types';
import { isObject, type JsonObject } from '../openai-shape';

type Block = JsonObject;
type Message = { role: 'user' | 'assistant'; content: Block[] };

// OpenAI parameters handled below, or meaningless to Converse: never forwarded.
const OPENAI_PARAMS = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'user',
  'n',
  'seed',
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'frequency_penalty',
  'presence_penalty',
  'store',
  'metadata',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'reasoning_effort',
  'web_search_options',
  'functions',
  'function_call',
  'additionalModelRequestFields',
]);

const IMAGE_FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
}

// Converse takes image bytes (base64 in JSON), not URLs: only data: URLs can be sent.
function imageBlock(imageUrl: unknown): Block {
  const url = isObject(imageUrl) ? imageUrl.url : imageUrl;
  const match = typeof url === 'string' ? /^data:([^;,]+);base64,(.*)$/s.exec(url) : null;
  const format = match ? IMAGE_FORMATS[match[1].toLowerCase()] : undefined;
  if (!match || !format) {
    // The client's input, not the upstream's fault: a 400 naming it, not a 502.
    throw new GatewayError(
      'invalid_value',
      'Bedrock takes images only as base64 data: URLs of PNG, JPEG, GIF or WebP.',
      'messages',
    );
  }
  return { image: { format, source: { bytes: match[2] } } };
}

function contentBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  if (!Array.isArray(content)) return [];
  const blocks: Block[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string' && part.text) blocks.push({ text: part.text });
    else if (part.type === 'image_url') blocks.push(imageBlock(part.image_url));
  }
  return blocks;
}

function toolInput(args: unknown): unknown {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    return { arguments: args };
  }
}

/** Converse wants alternating roles: consecutive same-role turns (tool results, then a user turn) merge. */
function push(messages: Message[], role: Message['role'], content: Block[]): void {
  if (content.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === role) last.content.push(...content);
  else messages.push({ role, content });
}

function toolConfig(body: ChatBody): JsonObject | undefined {
  if (!Array.isArray(body.tools) || body.tools.length === 0) return undefined;
  const tools = body.tools.filter(isObject).map((tool) => {
    const fn = isObject(tool.function) ? tool.function : {};
    const spec: JsonObject = {
      name: fn.name,
      inputSchema: { json: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } },
    };
    if (typeof fn.description === 'string') spec.description = fn.description;
    return { toolSpec: spec };
  });
  const config: JsonObject = { tools };
  const choice = body.tool_choice;
  if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (choice === 'required') config.toolChoice = { any: {} };
  else if (isObject(choice) && isObject(choice.function))
    config.toolChoice = { tool: { name: choice.function.name } };
  return config;
}

/**
 * The Converse / ConverseStream body for the canonical request: system messages to
 * `system`, turns to content blocks (text, images from data: URLs, `toolUse`,
 * `toolResult`), sampling to `inferenceConfig`, tools to `toolConfig`. Parameters OpenAI
 * does not define (e.g. `top_k`) go to `additionalModelRequestFields`, the model's own.
 */
export function converseBody(body: ChatBody): string {
  const system: Block[] = [];
  const messages: Message[] = [];
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!isObject(m)) continue;
    if (m.role === 'system' || m.role === 'developer') {
      const text = textOf(m.content);
      if (text) system.push({ text });
    } else if (m.role === 'assistant') {
      const blocks = contentBlocks(m.content);
      if (Array.isArray(m.tool_calls)) {
        for (const call of m.tool_calls) {
          if (!isObject(call) || !isObject(call.function)) continue;
          blocks.push({
            toolUse: {
              toolUseId: call.id,
              name: call.function.name,
              input: toolInput(call.function.arguments),
            },
          });
        }
      }
      push(messages, 'assistant', blocks);
    } else if (m.role === 'tool') {
      const result = { toolUseId: m.tool_call_id, content: [{ text: textOf(m.content) }] };
      push(messages, 'user', [{ toolResult: result }]);
    } else push(messages, 'user', contentBlocks(m.content));
  }

  const out: JsonObject = { messages };
  if (system.length > 0) out.system = system;
  const inference: JsonObject = {};
  const maxTokens = body.max_tokens ?? body.max_completion_tokens;
  if (typeof maxTokens === 'number') inference.maxTokens = maxTokens;
  if (typeof body.temperature === 'number') inference.temperature = body.temperature;
  if (typeof body.top_p === 'number') inference.topP = body.top_p;
  if (typeof body.stop === 'string') inference.stopSequences = [body.stop];
  else if (Array.isArray(body.stop)) inference.stopSequences = body.stop;
  if (Object.keys(inference).length > 0) out.inferenceConfig = inference;
  const tools = toolConfig(body);
  if (tools) out.toolConfig = tools;
  const extra: JsonObject = isObject(body.additionalModelRequestFields)
    ? { ...body.additionalModelRequestFields }
    : {};
  for (const [name, value] of Object.entries(body)) if (!OPENAI_PARAMS.has(name)) extra[name] = value;
  if (Object.keys(extra).length > 0) out.additionalModelRequestFields = extra;
  return JSON.stringify(out);
}
