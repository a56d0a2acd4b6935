import { missingPromptVariables, renderPromptTemplate } from '@switchyard/proto';
import { GatewayError } from '../errors';
import type { RequestContext } from '../http/request-context';
import { absent, isObject, wrongType } from '../inbound/checks';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';
import { selectVersion, type CompiledPrompt, type CompiledPromptVersion } from './prompt-index';

const PREFIX = '/v1/prompts/';

/** What `/v1/prompts/{ref}/{action}` asks for. */
export interface PromptPath {
  ref: string;
  action: string;
}

/** The prompt reference and action of a request path, or null when the path has another shape. */
export function promptPath(url: string): PromptPath | null {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.startsWith(PREFIX)) return null;
  const parts = path.slice(PREFIX.length).split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return null;
  let ref: string;
  try {
    ref = decodeURIComponent(parts[0]);
  } catch {
    return null;
  }
  return { ref, action: parts[1] };
}

/** `?label=` or `?version=`: at most one of them. */
function selector(url: string): { label: string | null; version: number | null } {
  const q = url.indexOf('?');
  if (q === -1) return { label: null, version: null };
  const query = new URLSearchParams(url.slice(q + 1));
  const label = query.get('label');
  const version = query.get('version');
  if (label !== null && version !== null) {
    throw new GatewayError('invalid_value', "Give either 'label' or 'version', not both.", 'version');
  }
  if (version !== null) {
    if (!/^[1-9][0-9]{0,8}$/.test(version)) {
      throw new GatewayError(
        'invalid_value',
        `Invalid 'version': expected a positive integer, but got ${JSON.stringify(version.slice(0, 50))}.`,
        'version',
      );
    }
    return { label: null, version: Number(version) };
  }
  return { label, version: null };
}

/** The prompt and version a request names, in the caller's workspace: 404 otherwise. */
export function resolvePrompt(
  ctx: RequestContext,
  config: RuntimeConfig,
  key: CompiledKey,
): { prompt: CompiledPrompt; version: CompiledPromptVersion } {
  const url = ctx.req.url ?? '';
  const path = promptPath(url);
  const prompt = path ? config.prompts?.find(key.workspaceId, path.ref) : undefined;
  if (!path || !prompt) {
    const ref = path?.ref ?? '';
    throw new GatewayError(
      'prompt_not_found',
      `The prompt \`${ref.length > 200 ? `${ref.slice(0, 200)}…` : ref}\` does not exist or you do not have access to it.`,
    );
  }
  const wanted = selector(url);
  const version = selectVersion(prompt, wanted);
  if (!version) {
    const what =
      wanted.version !== null ? `version ${wanted.version}` : `label \`${wanted.label?.slice(0, 64)}\``;
    throw new GatewayError(
      'prompt_version_not_found',
      `The prompt \`${prompt.slug}\` has no ${what} served by this gateway.`,
    );
  }
  ctx.promptId = prompt.id;
  ctx.promptVersion = version.version;
  ctx.res.setHeader('x-switchyard-prompt', prompt.id);
  ctx.res.setHeader('x-switchyard-prompt-version', String(version.version));
  return { prompt, version };
}

/**
 * The chat request a prompt version makes of a request body `{ variables, ...overrides }`:
 * the version's model and params, then the body's other fields over them, then the
 * rendered messages. 400 when `variables` is not an object, names are missing, or the
 * body tries to replace the template's messages.
 */
export function renderPromptBody(
  version: CompiledPromptVersion,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const { variables = {}, messages, ...overrides } = body;
  if (!absent(messages)) {
    throw new GatewayError(
      'invalid_value',
      "Invalid 'messages': a prompt's messages come from its template; send 'variables' instead.",
      'messages',
    );
  }
  if (!isObject(variables)) throw wrongType('variables', 'an object', variables);
  const missing = missingPromptVariables(version.variables, variables);
  if (missing.length) {
    throw new GatewayError(
      'missing_prompt_variables',
      `Missing prompt variables: ${missing.join(', ')}. Send them in 'variables'.`,
      'variables',
    );
  }
  return {
    model: version.model,
    ...version.params,
    ...overrides,
    messages: renderPromptTemplate(version.template, variables),
  };
}
