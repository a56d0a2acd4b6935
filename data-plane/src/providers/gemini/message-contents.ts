import { GatewayError } from '../../errors';
import { isObject, type JsonObject } from '../openai-shape';
import type { GeminiContent, GeminiPart } from './gemini-wire';
import { mediaPart } from './media-parts';
import { signatureOf } from './tool-call-ids';

/** A conversation in Gemini's terms: the system prompt apart, turns as `user` / `model` contents. */
export interface GeminiConversation {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (isObject(part) && typeof part.text === 'string') text += part.text;
  return text;
}

function userParts(content: unknown, param: string): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  if (!Array.isArray(content)) {
    throw new GatewayError('invalid_type', 'Message content must be a string or an array of parts.', param);
  }
  const parts: GeminiPart[] = [];
  content.forEach((part, i) => {
    if (!isObject(part))
      throw new GatewayError('invalid_type', 'Content parts must be objects.', `${param}[${i}]`);
    if (part.type === 'text' || (part.type === undefined && typeof part.text === 'string')) {
      parts.push({ text: String(part.text ?? '') });
    } else parts.push(mediaPart(part, `${param}[${i}]`));
  });
  return parts;
}

function parseArguments(args: unknown): JsonObject {
  if (isObject(args)) return args;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    return isObject(value) ? value : { value };
  } catch {
    // Gemini takes arguments as an object; text that is not JSON is kept rather than lost.
    return { arguments: args };
  }
}

function assistantParts(message: JsonObject, names: Map<string, string>, param: string): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOf(message.content);
  if (text !== '') parts.push({ text });
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((call, i) => {
      const fn = isObject(call) && isObject(call.function) ? call.function : null;
      if (!fn || typeof fn.name !== 'string') {
        throw new GatewayError(
          'invalid_value',
          'A tool call needs a function name.',
          `${param}.tool_calls[${i}]`,
        );
      }
      const id = isObject(call) && typeof call.id === 'string' ? call.id : '';
      if (id) names.set(id, fn.name);
      const part: GeminiPart = { functionCall: { name: fn.name, args: parseArguments(fn.arguments) } };
      const signature = signatureOf(id);
      if (signature) part.thoughtSignature = signature;
      parts.push(part);
    });
  }
  return parts;
}

function toolResponse(content: unknown): JsonObject {
  const text = textOf(content);
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // plain text result
  }
  return { content: text };
}

/**
 * OpenAI `messages` → Gemini `contents` and `systemInstruction`. System and developer
 * messages (wherever they are) join the system instruction; assistant turns become `model`
 * contents with `functionCall` parts; tool results become `functionResponse` parts named
 * after the call they answer (found by `tool_call_id`), consecutive results in one turn as
 * Gemini expects for parallel calls. Throws `GatewayError` for what Gemini cannot take.
 */
export function toGeminiConversation(messages: unknown): GeminiConversation {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new GatewayError(
      'missing_required_parameter',
      "Missing required parameter: 'messages'.",
      'messages',
    );
  }
  const contents: GeminiContent[] = [];
  const system: GeminiPart[] = [];
  const names = new Map<string, string>();
  let toolTurn: GeminiContent | null = null;
  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    if (!isObject(message)) throw new GatewayError('invalid_type', 'Messages must be objects.', param);
    const role = message.role;
    if (role !== 'tool' && role !== 'function') toolTurn = null;
    if (role === 'system' || role === 'developer') {
      const text = textOf(message.content);
      if (text !== '') system.push({ text });
    } else if (role === 'user') {
      contents.push({ role: 'user', parts: userParts(message.content, `${param}.content`) });
    } else if (role === 'assistant') {
      const parts = assistantParts(message, names, param);
      if (parts.length > 0) contents.push({ role: 'model', parts });
    } else if (role === 'tool' || role === 'function') {
      const id = typeof message.tool_call_id === 'string' ? message.tool_call_id : '';
      const name = names.get(id) ?? (typeof message.name === 'string' ? message.name : undefined);
      if (!name) {
        throw new GatewayError(
          'invalid_value',
          `No assistant tool call with id '${id}' precedes this tool message.`,
          `${param}.tool_call_id`,
        );
      }
      const part: GeminiPart = { functionResponse: { name, response: toolResponse(message.content) } };
      if (toolTurn) toolTurn.parts.push(part);
      else {
        toolTurn = { role: 'user', parts: [part] };
        contents.push(toolTurn);
      }
    } else {
      throw new GatewayError('invalid_value', `Unknown message role '${String(role)}'.`, `${param}.role`);
    }
  });
  if (contents.length === 0) {
    throw new GatewayError(
      'invalid_value',
      'Gemini needs at least one user or assistant message.',
      'messages',
    );
  }
  return system.length > 0 ? { contents, systemInstruction: { parts: system } } : { contents };
}
