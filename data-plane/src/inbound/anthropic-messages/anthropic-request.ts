import { GatewayError } from '../../errors';
import type { ChatBody } from '../../providers/adapter-types';
import { absent, isObject } from '../checks';

/**
 * Anthropic Messages request → canonical chat body. Errors follow Anthropic's wording,
 * `<path>: <problem>` with dotted paths (`messages.0.content.1.source`), and name that path
 * as the parameter.
 */

type Json = Record<string, unknown>;

function invalid(path: string, problem: string): GatewayError {
  return new GatewayError('invalid_value', `${path}: ${problem}`, path);
}

function required(path: string): GatewayError {
  return new GatewayError('missing_required_parameter', `${path}: Field required`, path);
}

function wrongType(path: string, expected: string): GatewayError {
  return new GatewayError('invalid_type', `${path}: Input should be ${expected}`, path);
}

function requireString(value: unknown, path: string): string {
  if (absent(value)) throw required(path);
  if (typeof value !== 'string') throw wrongType(path, 'a valid string');
  return value;
}

function optionalNumber(body: Json, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(key, 'a valid number');
  if (value < min) throw invalid(key, `Input should be greater than or equal to ${min}`);
  if (value > max) throw invalid(key, `Input should be less than or equal to ${max}`);
  return value;
}

function integer(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(path, 'a valid integer');
  if (value < min) throw invalid(path, `Input should be greater than or equal to ${min}`);
  return value;
}

function blocks(content: unknown, path: string): Json[] {
  if (!Array.isArray(content)) throw wrongType(path, 'a valid list');
  content.forEach((block: unknown, i) => {
    if (!isObject(block)) throw wrongType(`${path}.${i}`, 'a valid dictionary');
    if (typeof block.type !== 'string') throw required(`${path}.${i}.type`);
  });
  return content as Json[];
}

function textOf(block: Json, path: string): string {
  return requireString(block.text, `${path}.text`);
}

/** An Anthropic image block as an OpenAI `image_url` part (base64 sources become data URLs). */
function imagePart(block: Json, path: string): Json {
  const source = block.source;
  if (!isObject(source)) throw required(`${path}.source`);
  if (source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${path}.source.media_type`);
    const data = requireString(source.data, `${path}.source.data`);
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } };
  }
  if (source.type === 'url') {
    return { type: 'image_url', image_url: { url: requireString(source.url, `${path}.source.url`) } };
  }
  throw invalid(`${path}.source.type`, "Input should be 'base64' or 'url'");
}

/** A document block: PDFs as OpenAI `file` parts, plain-text sources as text. */
function documentPart(block: Json, path: string): Json {
  const source = block.source;
  if (!isObject(source)) throw required(`${path}.source`);
  if (source.type === 'base64' && source.media_type === 'application/pdf') {
    const data = requireString(source.data, `${path}.source.data`);
    const filename = typeof block.title === 'string' ? block.title : 'document.pdf';
    return { type: 'file', file: { filename, file_data: `data:application/pdf;base64,${data}` } };
  }
  if (source.type === 'text')
    return { type: 'text', text: requireString(source.data, `${path}.source.data`) };
  throw invalid(
    `${path}.source.type`,
    'only base64 PDF and text document sources are supported by this gateway',
  );
}

/** A tool result's content as the text of an OpenAI `tool` message; images go to `images`. */
function toolResultText(block: Json, path: string, images: Json[]): string {
  const content = block.content;
  if (absent(content)) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  blocks(content, `${path}.content`).forEach((part, i) => {
    const at = `${path}.content.${i}`;
    if (part.type === 'text') texts.push(textOf(part, at));
    else if (part.type === 'image') images.push(imagePart(part, at));
    else
      throw invalid(
        `${at}.type`,
        `'${String(part.type)}' blocks are not supported in tool results by this gateway`,
      );
  });
  return texts.join('\n');
}

/** Chat messages for one Anthropic user message: tool results first (as `tool` messages), then the rest. */
function userMessages(content: unknown, path: string, out: Json[], toolIds: Set<string>): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const parts: Json[] = [];
  blocks(content, path).forEach((block, i) => {
    const at = `${path}.${i}`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: textOf(block, at) });
        break;
      case 'image':
        parts.push(imagePart(block, at));
        break;
      case 'document':
        parts.push(documentPart(block, at));
        break;
      case 'tool_result': {
        const id = requireString(block.tool_use_id, `${at}.tool_use_id`);
        if (!toolIds.has(id)) {
          throw invalid(
            at,
            `unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
        // OpenAI tool messages hold text only; images of the result follow in a user message.
        out.push({ role: 'tool', tool_call_id: id, content: toolResultText(block, at, parts) });
        break;
      }
      case 'tool_use':
      case 'thinking':
      case 'redacted_thinking':
        throw invalid(`${at}.type`, `'${block.type}' blocks are only allowed in assistant messages`);
      default:
        throw invalid(`${at}.type`, `'${String(block.type)}' blocks are not supported by this gateway`);
    }
  });
  if (parts.length === 0) return;
  const onlyText = parts.every((p) => p.type === 'text');
  out.push({
    role: 'user',
    content: onlyText && parts.length === 1 ? parts[0].text : parts,
  });
}

/** One assistant message: text joined, tool_use blocks as tool_calls; thinking is dropped (not portable). */
function assistantMessage(content: unknown, path: string, toolIds: Set<string>): Json {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const calls: Json[] = [];
  blocks(content, path).forEach((block, i) => {
    const at = `${path}.${i}`;
    switch (block.type) {
      case 'text':
        text += textOf(block, at);
        break;
      case 'tool_use': {
        const id = requireString(block.id, `${at}.id`);
        const name = requireString(block.name, `${at}.name`);
        if (!isObject(block.input)) throw wrongType(`${at}.input`, 'a valid dictionary');
        toolIds.add(id);
        calls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(block.input) } });
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        // Signed reasoning only means something to the model that wrote it.
        break;
      case 'tool_result':
      case 'image':
      case 'document':
        throw invalid(`${at}.type`, `'${block.type}' blocks are only allowed in user messages`);
      default:
        throw invalid(`${at}.type`, `'${String(block.type)}' blocks are not supported by this gateway`);
    }
  });
  const message: Json = { role: 'assistant', content: text.length > 0 || calls.length === 0 ? text : null };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function systemText(system: unknown, path: string): string {
  if (typeof system === 'string') return system;
  return blocks(system, path)
    .map((block, i) => {
      if (block.type !== 'text') throw invalid(`${path}.${i}.type`, "Input should be 'text'");
      return textOf(block, `${path}.${i}`);
    })
    .join('\n');
}

function chatTools(tools: unknown): Json[] {
  if (!Array.isArray(tools)) throw wrongType('tools', 'a valid list');
  return tools.map((tool: unknown, i) => {
    const at = `tools.${i}`;
    if (!isObject(tool)) throw wrongType(at, 'a valid dictionary');
    // Server tools (web search, code execution, bash, …) run at Anthropic; nothing here can run them.
    if (!absent(tool.type) && tool.type !== 'custom') {
      throw invalid(`${at}.type`, `tool type '${String(tool.type)}' is not supported by this gateway`);
    }
    const name = requireString(tool.name, `${at}.name`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(name)) {
      throw invalid(`${at}.name`, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    }
    const schema = tool.input_schema;
    if (absent(schema)) throw required(`${at}.input_schema`);
    if (!isObject(schema)) throw wrongType(`${at}.input_schema`, 'a valid dictionary');
    const fn: Json = { name, parameters: schema };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
}

function applyToolChoice(choice: unknown, chat: ChatBody): void {
  if (absent(choice)) return;
  if (!isObject(choice)) throw wrongType('tool_choice', 'a valid dictionary');
  switch (choice.type) {
    case 'auto':
      chat.tool_choice = 'auto';
      break;
    case 'any':
      chat.tool_choice = 'required';
      break;
    case 'none':
      chat.tool_choice = 'none';
      break;
    case 'tool':
      chat.tool_choice = {
        type: 'function',
        function: { name: requireString(choice.name, 'tool_choice.name') },
      };
      break;
    default:
      throw invalid('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'");
  }
  if (choice.disable_parallel_tool_use === true && chat.tools !== undefined) chat.parallel_tool_calls = false;
}

/** Structured output (`output_config.format`, a JSON schema) as an OpenAI `response_format`. */
function applyOutputFormat(config: unknown, chat: ChatBody): void {
  if (absent(config)) return;
  if (!isObject(config)) throw wrongType('output_config', 'a valid dictionary');
  const format = config.format;
  if (absent(format)) return;
  if (!isObject(format)) throw wrongType('output_config.format', 'a valid dictionary');
  if (format.type !== 'json_schema')
    throw invalid('output_config.format.type', "Input should be 'json_schema'");
  if (!isObject(format.schema)) throw required('output_config.format.schema');
  chat.response_format = {
    type: 'json_schema',
    json_schema: { name: 'output', schema: format.schema, strict: true },
  };
}

/**
 * Translates and checks an Anthropic Messages body. `max_tokens` is required except for
 * `count_tokens`, which does not take it. Ignored: `thinking` and `output_config.effort`
 * (reasoning settings do not carry over between providers), `cache_control`, `service_tier` and other Anthropic-only
 * hints; thinking blocks of earlier turns are dropped.
 */
export function anthropicToChat(body: Json, requireMaxTokens = true): ChatBody {
  const model = requireString(body.model, 'model');
  const chat: ChatBody = { model };
  const messages: Json[] = [];

  if (!absent(body.max_tokens)) chat.max_tokens = integer(body.max_tokens, 'max_tokens', 1);
  else if (requireMaxTokens) throw required('max_tokens');

  if (!absent(body.system)) {
    const text = systemText(body.system, 'system');
    if (text.length > 0) messages.push({ role: 'system', content: text });
  }

  const input = body.messages;
  if (absent(input)) throw required('messages');
  if (!Array.isArray(input)) throw wrongType('messages', 'a valid list');
  if (input.length === 0) throw invalid('messages', 'at least one message is required');
  const toolIds = new Set<string>();
  input.forEach((message: unknown, i) => {
    const at = `messages.${i}`;
    if (!isObject(message)) throw wrongType(at, 'a valid dictionary');
    const content = message.content;
    if (absent(content)) throw required(`${at}.content`);
    if (typeof content !== 'string' && !Array.isArray(content))
      throw wrongType(`${at}.content`, 'a valid list');
    switch (message.role) {
      case 'user':
        userMessages(content, `${at}.content`, messages, toolIds);
        break;
      case 'assistant':
        messages.push(assistantMessage(content, `${at}.content`, toolIds));
        break;
      case 'system':
        messages.push({ role: 'system', content: systemText(content, `${at}.content`) });
        break;
      default:
        if (absent(message.role)) throw required(`${at}.role`);
        throw invalid(`${at}.role`, "Input should be 'user' or 'assistant'");
    }
  });
  chat.messages = messages;

  const temperature = optionalNumber(body, 'temperature', 0, 1);
  if (temperature !== undefined) chat.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (topP !== undefined) chat.top_p = topP;
  // Not an OpenAI parameter: adapters for providers that sample with top-k read it.
  if (!absent(body.top_k)) chat.top_k = integer(body.top_k, 'top_k', 0);

  const stops = body.stop_sequences;
  if (!absent(stops)) {
    if (!Array.isArray(stops)) throw wrongType('stop_sequences', 'a valid list');
    stops.forEach((s: unknown, i) => {
      if (typeof s !== 'string') throw wrongType(`stop_sequences.${i}`, 'a valid string');
    });
    if (stops.length > 0) chat.stop = stops;
  }

  if (!absent(body.tools)) {
    const tools = chatTools(body.tools);
    if (tools.length > 0) chat.tools = tools;
  }
  applyToolChoice(body.tool_choice, chat);

  const stream = body.stream;
  if (!absent(stream)) {
    if (typeof stream !== 'boolean') throw wrongType('stream', 'a valid boolean');
    if (stream) {
      chat.stream = true;
      // message_delta reports output tokens, so the usage chunk is always wanted.
      chat.stream_options = { include_usage: true };
    }
  }

  applyOutputFormat(body.output_config, chat);

  const metadata = body.metadata;
  if (!absent(metadata)) {
    if (!isObject(metadata)) throw wrongType('metadata', 'a valid dictionary');
    if (typeof metadata.user_id === 'string' && metadata.user_id.length > 0) chat.user = metadata.user_id;
  }
  return chat;
}
