import { GatewayError } from '../../errors';
import { isObject, type JsonObject } from '../openai-shape';
import { toGeminiSchema } from './schema';

function hasProperties(schema: JsonObject): boolean {
  return !(
    schema.type === 'OBJECT' &&
    (!isObject(schema.properties) || Object.keys(schema.properties).length === 0)
  );
}

/**
 * OpenAI `tools` → Gemini `tools`: function tools become one `functionDeclarations` list
 * (parameters in Gemini's schema subset; an empty object schema is left out, which Gemini
 * rejects). Entries that are not OpenAI function tools (`{"googleSearch": {}}`, …) are
 * Gemini tools already and pass through.
 */
export function toGeminiTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new GatewayError('invalid_type', "'tools' must be an array.", 'tools');
  const declarations: JsonObject[] = [];
  const native: JsonObject[] = [];
  tools.forEach((tool, i) => {
    if (!isObject(tool)) throw new GatewayError('invalid_type', 'Tools must be objects.', `tools[${i}]`);
    if (tool.type !== 'function') {
      if (tool.type === undefined) native.push(tool);
      else
        throw new GatewayError(
          'invalid_value',
          `Tools of type '${String(tool.type)}' cannot be sent to Gemini.`,
          `tools[${i}].type`,
        );
      return;
    }
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string') {
      throw new GatewayError('invalid_value', 'A function tool needs a name.', `tools[${i}].function.name`);
    }
    const declaration: JsonObject = { name: fn.name };
    if (typeof fn.description === 'string') declaration.description = fn.description;
    if (fn.parameters !== undefined) {
      const parameters = toGeminiSchema(fn.parameters);
      if (hasProperties(parameters)) declaration.parameters = parameters;
    }
    declarations.push(declaration);
  });
  const out = declarations.length > 0 ? [{ functionDeclarations: declarations }, ...native] : native;
  return out.length > 0 ? out : undefined;
}

/** OpenAI `tool_choice` → Gemini `toolConfig.functionCallingConfig`. */
export function toGeminiToolConfig(choice: unknown): JsonObject | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  if (isObject(choice) && choice.type === 'allowed_tools' && isObject(choice.allowed_tools)) {
    const { mode, tools } = choice.allowed_tools;
    const names = Array.isArray(tools)
      ? tools.flatMap((t) =>
          isObject(t) && isObject(t.function) && typeof t.function.name === 'string' ? [t.function.name] : [],
        )
      : [];
    return {
      functionCallingConfig: { mode: mode === 'required' ? 'ANY' : 'AUTO', allowedFunctionNames: names },
    };
  }
  throw new GatewayError('invalid_value', "Unsupported 'tool_choice'.", 'tool_choice');
}
