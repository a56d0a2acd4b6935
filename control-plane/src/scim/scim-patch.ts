import { invalidSyntax, invalidValue, ScimError } from './scim.exception';
import { PATCH_OP } from './scim-schemas';

/** One PATCH operation, normalised: Entra capitalises `op` ("Replace"), Okta does not. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  /** The path without the schema URN of the resource, or undefined for whole-resource values. */
  path?: string;
  value?: unknown;
}

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i;

/** Reads a PatchOp message body; throws SCIM 400 when it is not one. */
export function readPatch(body: unknown): PatchOperation[] {
  const message = body as { schemas?: unknown; Operations?: unknown } | null;
  if (!message || typeof message !== 'object') throw invalidSyntax('Expected a PatchOp JSON object');
  if (Array.isArray(message.schemas) && !message.schemas.includes(PATCH_OP)) {
    throw invalidSyntax(`schemas must contain ${PATCH_OP}`);
  }
  if (!Array.isArray(message.Operations) || message.Operations.length === 0) {
    throw invalidSyntax('Operations must be a non-empty array');
  }
  return message.Operations.map((raw: unknown, i): PatchOperation => {
    const operation = raw as { op?: unknown; path?: unknown; value?: unknown } | null;
    const op = typeof operation?.op === 'string' ? operation.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw invalidSyntax(`Operations[${i}].op must be add, replace or remove`);
    }
    if (operation!.path !== undefined && typeof operation!.path !== 'string') {
      throw new ScimError(400, `Operations[${i}].path must be a string`, 'invalidPath');
    }
    const path = (operation!.path as string | undefined)?.trim().replace(CORE_PREFIX, '');
    if (op !== 'remove' && operation!.value === undefined) {
      throw invalidValue(`Operations[${i}] (${op}) needs a value`);
    }
    return { op, path: path || undefined, value: operation!.value };
  });
}

/** Entra sends booleans as the strings "True" / "False". */
export function readBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`${name} must be true or false`);
}

export function readString(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw invalidValue(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value.trim();
}

export function readOptionalString(value: unknown, name: string, max: number): string | null {
  if (value === null || value === undefined || value === '') return null;
  return readString(value, name, max);
}
