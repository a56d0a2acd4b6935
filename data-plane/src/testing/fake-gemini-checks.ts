/**
 * The fake's request checks, worded as Google's API words them (400 INVALID_ARGUMENT):
 * unknown fields anywhere it matters, invalid roles, empty parts, schema keys outside
 * Gemini's OpenAPI subset. Returns the error message, or null when the request is fine.
 */

const TOP_LEVEL = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
  'labels',
]);
const GENERATION_CONFIG = new Set([
  'temperature',
  'topP',
  'topK',
  'candidateCount',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
  'responseLogprobs',
  'logprobs',
  'responseModalities',
]);
const SCHEMA = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const unknownName = (name: string, at?: string) =>
  `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`;

function checkSchema(schema: unknown, at: string): string | null {
  if (!isObj(schema)) return null;
  for (const key of Object.keys(schema)) if (!SCHEMA.has(key)) return unknownName(key, at);
  if (isObj(schema.properties)) {
    for (const [name, value] of Object.entries(schema.properties)) {
      const problem = checkSchema(value, `${at}.properties[${name}].value`);
      if (problem) return problem;
    }
  }
  if (schema.items !== undefined) return checkSchema(schema.items, `${at}.items`);
  if (schema.type === 'OBJECT' || schema.type === 'object') {
    if (isObj(schema.properties) && Object.keys(schema.properties).length === 0) {
      return `* GenerateContentRequest.${at}.properties: should be non-empty for OBJECT type\n`;
    }
  }
  return null;
}

export function checkGenerateContent(body: unknown): string | null {
  if (!isObj(body)) return 'Invalid JSON payload received. Expected an object.';
  for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) return unknownName(key);
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    return '* GenerateContentRequest.contents: contents is not specified\n';
  }
  for (const [i, content] of body.contents.entries()) {
    if (!isObj(content)) return `Invalid value at 'contents[${i}]'`;
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      return 'Please use a valid role: user, model.';
    }
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`;
    }
    for (const [j, part] of content.parts.entries()) {
      const fields = isObj(part) ? DATA_FIELDS.filter((f) => part[f] !== undefined) : [];
      if (fields.length !== 1) {
        return `* GenerateContentRequest.contents[${i}].parts[${j}].data: required oneof field 'data' must have one initialized field\n`;
      }
    }
  }
  if (body.generationConfig !== undefined) {
    if (!isObj(body.generationConfig)) return "Invalid value at 'generation_config'";
    for (const key of Object.keys(body.generationConfig)) {
      if (!GENERATION_CONFIG.has(key)) return unknownName(key, 'generation_config');
    }
    const problem = checkSchema(body.generationConfig.responseSchema, 'generation_config.response_schema');
    if (problem) return problem;
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return "Invalid value at 'tools'";
    for (const [i, tool] of body.tools.entries()) {
      const declarations = isObj(tool) ? tool.functionDeclarations : undefined;
      if (!Array.isArray(declarations)) continue;
      for (const [j, declaration] of declarations.entries()) {
        if (!isObj(declaration) || typeof declaration.name !== 'string') {
          return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Invalid function name.\n`;
        }
        const problem = checkSchema(
          declaration.parameters,
          `tools[${i}].function_declarations[${j}].parameters`,
        );
        if (problem) return problem;
      }
    }
  }
  return null;
}
