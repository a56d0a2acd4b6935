import { isObject, type JsonObject } from '../openai-shape';

// Gemini's `Schema` is an OpenAPI 3.0 subset: it answers 400 "Unknown name" for any other
// key (`additionalProperties`, `$schema`, `strict`, …), so schemas are rebuilt from a list
// of the keys it knows rather than by removing the ones known to fail.
const KEPT_KEYS = new Set([
  'type',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'default',
  'minimum',
  'maximum',
  'propertyOrdering',
]);
// String formats Gemini accepts; others (`uri`, `email`, …) are rejected, so they are dropped.
const STRING_FORMATS = new Set(['enum', 'date-time']);
const MAX_DEPTH = 32;

type Definitions = Record<string, unknown>;

function resolveRef(ref: string, defs: Definitions): unknown {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  return match ? defs[match[1]] : undefined;
}

function convert(schema: unknown, defs: Definitions, depth: number): JsonObject {
  if (!isObject(schema) || depth > MAX_DEPTH) return {};
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, defs);
    const { $ref: _ref, ...rest } = schema;
    return { ...convert(target, defs, depth + 1), ...convert(rest, defs, depth + 1) };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT_KEYS.has(key)) out[key] = value;
  }
  // JSON Schema's `type: ["string", "null"]` is OpenAPI's `type: "string", nullable: true`.
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    if (types.length !== schema.type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      if (types.length > 1) out.anyOf = types.map((type) => ({ type }));
    }
  }
  if (typeof out.type === 'string') out.type = out.type.toUpperCase();
  if ('const' in schema && !('enum' in schema)) out.enum = [schema.const];
  if (Array.isArray(out.enum)) out.enum = out.enum.map((v) => (typeof v === 'string' ? v : String(v)));
  if (typeof schema.format === 'string') {
    const isString = out.type === 'STRING';
    if (!isString || STRING_FORMATS.has(schema.format)) out.format = schema.format;
  }
  if (isObject(schema.properties)) {
    const properties: JsonObject = {};
    for (const [name, value] of Object.entries(schema.properties)) {
      properties[name] = convert(value, defs, depth + 1);
    }
    out.properties = properties;
  }
  if (Array.isArray(schema.required)) out.required = schema.required.filter((r) => typeof r === 'string');
  if (schema.items !== undefined) out.items = convert(schema.items, defs, depth + 1);
  const union = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : null;
  if (union) {
    const variants = union.filter((v) => !(isObject(v) && v.type === 'null'));
    if (variants.length !== union.length) out.nullable = true;
    if (variants.length === 1) Object.assign(out, convert(variants[0], defs, depth + 1));
    else out.anyOf = variants.map((v) => convert(v, defs, depth + 1));
  }
  return out;
}

/**
 * A JSON Schema (as OpenAI tools and `json_schema` response formats carry) turned into
 * the OpenAPI subset Gemini accepts: unknown keys dropped, local `$ref`s inlined, type
 * unions with `null` turned into `nullable`, `const` into a one-value `enum`.
 */
export function toGeminiSchema(schema: unknown): JsonObject {
  const defs: Definitions = {};
  if (isObject(schema)) {
    if (isObject(schema.definitions)) Object.assign(defs, schema.definitions);
    if (isObject(schema.$defs)) Object.assign(defs, schema.$defs);
  }
  return convert(schema, defs, 0);
}
