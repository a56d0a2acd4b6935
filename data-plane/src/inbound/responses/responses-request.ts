import type { ChatBody } from '../../providers/adapter-types';
import {
  absent,
  checkModel,
  checkStream,
  isObject,
  missing,
  optionalInteger,
  optionalNumber,
  unsupported,
  wrongType,
} from '../checks';

/**
 * OpenAI Responses request → canonical chat body, with OpenAI's wording. The gateway keeps
 * no state, so what needs stored responses (`previous_response_id`, `conversation`,
 * `background`, `item_reference`, prompt templates) or tools that OpenAI runs itself
 * (web search, file search, code interpreter, …) is refused with a 400. `store` is accepted
 * and ignored: nothing is ever stored. `include`, `truncation` and `stream_options` are
 * ignored; reasoning items in `input` are dropped.
 */

type Json = Record<string, unknown>;

const STATEFUL = ['previous_response_id', 'conversation', 'prompt'] as const;

function text(value: unknown, param: string): string {
  if (absent(value)) throw missing(param);
  if (typeof value !== 'string') throw wrongType(param, 'a string', value);
  return value;
}

/** One content part of an input message as a chat content part. */
function contentPart(part: unknown, param: string): Json {
  if (!isObject(part)) throw wrongType(param, 'an object', part);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: text(part.text, `${param}.text`) };
    case 'refusal':
      return { type: 'text', text: text(part.refusal, `${param}.refusal`) };
    case 'input_image': {
      if (typeof part.image_url !== 'string') {
        throw unsupported(
          param,
          `Invalid '${param}': only 'image_url' images are supported by this gateway, not file ids.`,
        );
      }
      const image: Json = { url: part.image_url };
      if (typeof part.detail === 'string') image.detail = part.detail;
      return { type: 'image_url', image_url: image };
    }
    case 'input_file': {
      if (typeof part.file_data !== 'string') {
        throw unsupported(
          param,
          `Invalid '${param}': only inline 'file_data' files are supported by this gateway.`,
        );
      }
      const file: Json = { file_data: part.file_data };
      if (typeof part.filename === 'string') file.filename = part.filename;
      return { type: 'file', file };
    }
    default:
      throw unsupported(
        `${param}.type`,
        `Invalid '${param}.type': '${String(part.type)}' is not supported by this gateway.`,
      );
  }
}

function messageContent(content: unknown, param: string): string | Json[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw wrongType(param, 'a string or an array', content);
  return content.map((part: unknown, i) => contentPart(part, `${param}[${i}]`));
}

function joinedText(parts: string | Json[]): string {
  return typeof parts === 'string'
    ? parts
    : parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** The chat messages for `input`; consecutive function calls join one assistant message. */
function inputMessages(input: unknown, messages: Json[]): void {
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return;
  }
  if (!Array.isArray(input)) throw wrongType('input', 'a string or an array', input);
  input.forEach((item: unknown, i) => {
    const param = `input[${i}]`;
    if (!isObject(item)) throw wrongType(param, 'an object', item);
    const type = absent(item.type) ? 'message' : item.type;
    switch (type) {
      case 'message': {
        const role = item.role;
        if (typeof role !== 'string' || !ROLES.has(role)) {
          throw unsupported(
            `${param}.role`,
            `Invalid value for '${param}.role': expected one of 'user', 'assistant', 'system' or 'developer'.`,
          );
        }
        const content = messageContent(item.content, `${param}.content`);
        // Assistant turns in chat hold text; system/developer keep their role.
        messages.push({ role, content: role === 'assistant' ? joinedText(content) : content });
        break;
      }
      case 'function_call': {
        const call = {
          id: text(item.call_id, `${param}.call_id`),
          type: 'function',
          function: {
            name: text(item.name, `${param}.name`),
            arguments: text(item.arguments, `${param}.arguments`),
          },
        };
        const last = messages[messages.length - 1];
        if (last?.role === 'assistant') {
          last.tool_calls = [...((last.tool_calls as Json[] | undefined) ?? []), call];
          if (last.content === '') last.content = null;
        } else {
          messages.push({ role: 'assistant', content: null, tool_calls: [call] });
        }
        break;
      }
      case 'function_call_output': {
        const output = item.output;
        messages.push({
          role: 'tool',
          tool_call_id: text(item.call_id, `${param}.call_id`),
          content:
            typeof output === 'string' ? output : joinedText(messageContent(output, `${param}.output`)),
        });
        break;
      }
      case 'reasoning':
        break; // reasoning of earlier turns only means something to the model that wrote it
      case 'item_reference':
        throw unsupported(
          param,
          `Invalid '${param}': item references need stored responses, which this gateway does not keep.`,
        );
      default:
        throw unsupported(
          `${param}.type`,
          `Invalid '${param}.type': '${String(type)}' items are not supported by this gateway.`,
        );
    }
  });
}

function chatTools(tools: unknown): Json[] {
  if (!Array.isArray(tools)) throw wrongType('tools', 'an array', tools);
  return tools.map((tool: unknown, i) => {
    const param = `tools[${i}]`;
    if (!isObject(tool)) throw wrongType(param, 'an object', tool);
    if (tool.type !== 'function') {
      throw unsupported(
        `${param}.type`,
        `Tool type '${String(tool.type)}' is not supported: this gateway serves function tools only.`,
      );
    }
    const fn: Json = { name: text(tool.name, `${param}.name`) };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (!absent(tool.parameters)) fn.parameters = tool.parameters;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
}

function toolChoice(choice: unknown): unknown {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && choice.type === 'function') {
    return { type: 'function', function: { name: text(choice.name, 'tool_choice.name') } };
  }
  throw unsupported(
    'tool_choice',
    "Invalid 'tool_choice': expected 'auto', 'none', 'required' or a function.",
  );
}

function responseFormat(config: unknown): Json | undefined {
  if (absent(config)) return undefined;
  if (!isObject(config)) throw wrongType('text', 'an object', config);
  const format = config.format;
  if (absent(format)) return undefined;
  if (!isObject(format)) throw wrongType('text.format', 'an object', format);
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const schema: Json = { name: text(format.name, 'text.format.name'), schema: format.schema };
      if (typeof format.description === 'string') schema.description = format.description;
      if (typeof format.strict === 'boolean') schema.strict = format.strict;
      return { type: 'json_schema', json_schema: schema };
    }
    default:
      throw unsupported(
        'text.format.type',
        "Invalid 'text.format.type': expected 'text', 'json_object' or 'json_schema'.",
      );
  }
}

/** Translates and checks a `POST /v1/responses` body. */
export function responsesToChat(body: Json): ChatBody {
  const model = checkModel(body);
  for (const key of STATEFUL) {
    if (!absent(body[key])) {
      throw unsupported(
        key,
        `'${key}' is not supported: this gateway does not store responses; send the whole conversation in 'input'.`,
      );
    }
  }
  if (body.background === true) {
    throw unsupported('background', "'background' is not supported: this gateway does not store responses.");
  }

  const messages: Json[] = [];
  if (!absent(body.instructions))
    messages.push({ role: 'system', content: text(body.instructions, 'instructions') });
  if (absent(body.input)) throw missing('input');
  inputMessages(body.input, messages);
  const chat: ChatBody = { model, messages };

  const maxTokens = optionalInteger(body, 'max_output_tokens');
  // max_completion_tokens: what OpenAI's reasoning models (the Responses API's usual callers) accept.
  if (maxTokens !== undefined) chat.max_completion_tokens = maxTokens;
  const temperature = optionalNumber(body, 'temperature');
  if (temperature !== undefined) chat.temperature = temperature;
  const topP = optionalNumber(body, 'top_p');
  if (topP !== undefined) chat.top_p = topP;
  if (!absent(body.tools)) {
    const tools = chatTools(body.tools);
    if (tools.length > 0) chat.tools = tools;
  }
  if (!absent(body.tool_choice)) chat.tool_choice = toolChoice(body.tool_choice);
  if (typeof body.parallel_tool_calls === 'boolean' && chat.tools !== undefined)
    chat.parallel_tool_calls = body.parallel_tool_calls;
  const format = responseFormat(body.text);
  if (format) chat.response_format = format;
  if (isObject(body.reasoning) && typeof body.reasoning.effort === 'string')
    chat.reasoning_effort = body.reasoning.effort;
  if (typeof body.user === 'string') chat.user = body.user;
  else if (typeof body.safety_identifier === 'string') chat.user = body.safety_identifier;
  if (checkStream(body)) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}
