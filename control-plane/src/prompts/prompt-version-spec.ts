import {
  LATEST_PROMPT_LABEL,
  PROMPT_LABEL_PATTERN,
  PromptTemplateError,
  RESERVED_PROMPT_PARAMS,
  canonicalJson,
  parsePromptTemplate,
  type PromptRole,
  type SnapshotPromptMessage,
} from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { RouteEntity } from '../routes/route.entity';
import { PromptException, PromptExceptionCode } from './prompt.exception';

/**
 * The most text one version's messages may hold. Served versions travel in every snapshot,
 * which goes whole to every node (as one NATS message), so templates are kept modest.
 */
export const MAX_TEMPLATE_CHARS = 100_000;

// eslint-disable-next-line no-control-regex
const STORABLE = /^[^\x00\p{Cs}]*$/u;

/** Whether every string in a JSON value (keys included) can be stored. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return STORABLE.test(value);
  if (Array.isArray(value)) return value.every(storable);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).every(([k, v]) => STORABLE.test(k) && storable(v));
  return true;
}

/** What a version is made of, as an API or config input gives it. */
export interface PromptVersionFields {
  model: string;
  messages: { role: string; content: string }[];
  params?: Record<string, unknown> | null;
}

/** A checked version: its messages parse, its variables found, its params allowed. */
export interface PromptVersionSpec {
  model: string;
  messages: SnapshotPromptMessage[];
  params: Record<string, unknown>;
  variables: string[];
  optionalVariables: string[];
}

/**
 * Checks a version's template and params and detects its variables. Throws
 * `PROMPT_INVALID_TEMPLATE` (naming the message and mustache's error) or `PROMPT_INVALID_PARAMS`.
 */
export function checkPromptVersion(fields: PromptVersionFields): PromptVersionSpec {
  const messages = fields.messages.map((m) => ({ role: m.role as PromptRole, content: m.content }));
  // Postgres stores no U+0000 and no unpaired surrogate in text or jsonb.
  if (messages.some((m) => !STORABLE.test(m.content))) {
    throw new PromptException(
      'Invalid template: messages may not contain NUL characters or unpaired surrogates',
      PromptExceptionCode.INVALID_TEMPLATE,
    );
  }
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  if (chars > MAX_TEMPLATE_CHARS) {
    throw new PromptException(
      `Invalid template: ${chars} characters; a version's messages may hold at most ${MAX_TEMPLATE_CHARS}`,
      PromptExceptionCode.INVALID_TEMPLATE,
    );
  }
  let parsed;
  try {
    parsed = parsePromptTemplate(messages);
  } catch (err) {
    if (!(err instanceof PromptTemplateError)) throw err;
    throw new PromptException(`Invalid template: ${err.message}`, PromptExceptionCode.INVALID_TEMPLATE);
  }
  const params = fields.params ?? {};
  if (!storable(params)) {
    throw new PromptException(
      'params may not contain NUL characters or unpaired surrogates',
      PromptExceptionCode.INVALID_PARAMS,
    );
  }
  const reserved = RESERVED_PROMPT_PARAMS.filter((name) => name in params);
  if (reserved.length) {
    throw new PromptException(
      `params may not set ${reserved.join(', ')}: the template gives the model and messages, the caller chooses to stream`,
      PromptExceptionCode.INVALID_PARAMS,
    );
  }
  return {
    model: fields.model,
    messages,
    params,
    variables: parsed.variables,
    optionalVariables: parsed.optionalVariables,
  };
}

/** Whether two versions would send the same request (what an idempotent config apply compares). */
export function sameVersion(
  a: Pick<PromptVersionSpec, 'model' | 'messages' | 'params'>,
  b: Pick<PromptVersionSpec, 'model' | 'messages' | 'params'>,
): boolean {
  return (
    a.model === b.model &&
    canonicalJson(a.messages.map((m) => ({ role: m.role, content: m.content }))) ===
      canonicalJson(b.messages.map((m) => ({ role: m.role, content: m.content }))) &&
    canonicalJson(a.params) === canonicalJson(b.params)
  );
}

/** The route a version calls must be one of its workspace's aliases. */
export async function checkPromptRoute(
  manager: EntityManager,
  workspaceId: string,
  alias: string,
): Promise<void> {
  const route = await manager.findOne(RouteEntity, { where: { workspaceId, alias }, select: { id: true } });
  if (!route) {
    throw new PromptException(
      `No route "${alias}" in this workspace: a prompt version calls a route alias of its workspace`,
      PromptExceptionCode.UNKNOWN_ROUTE,
    );
  }
}

/** A label name that may be stored (pattern, not the reserved `latest`). */
export function checkPromptLabel(label: string): void {
  if (!PROMPT_LABEL_PATTERN.test(label)) {
    throw new PromptException(
      `Label "${label}" must be 1-64 lower-case letters, digits or inner dots, dashes and underscores`,
      PromptExceptionCode.INVALID_LABEL,
    );
  }
  if (label === LATEST_PROMPT_LABEL) {
    throw new PromptException(
      `"${LATEST_PROMPT_LABEL}" always names the newest version and cannot be set`,
      PromptExceptionCode.INVALID_LABEL,
    );
  }
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Clients address prompts by id or slug, so a slug may not look like an id. */
export function checkPromptSlug(slug: string): void {
  if (UUID_SHAPE.test(slug)) {
    throw new PromptException(
      `Slug "${slug}" is shaped like a prompt id; choose another`,
      PromptExceptionCode.INVALID_SLUG,
    );
  }
}
