import Mustache from 'mustache';

/** One message of a prompt template: a chat role and mustache text. */
export interface PromptTemplateMessage {
  role: string;
  content: string;
}

/**
 * A template's messages parsed once (when a version is written, and when a node applies a
 * snapshot), ready to render many times.
 * Invariant: `variables` and `optionalVariables` are sorted and disjoint.
 */
export interface ParsedPromptTemplate {
  /**
   * Top-level names interpolated outside any section (`{{name}}`, `{{{name}}}`, `{{&name}}`;
   * `{{user.name}}` names `user`): a render without one of them is refused.
   */
  variables: string[];
  /**
   * Top-level names used only as section conditions (`{{#name}}…{{/name}}`,
   * `{{^name}}…{{/name}}`): leaving them out renders the section as for a false value.
   * Names inside sections resolve against the section's value first and are never required.
   */
  optionalVariables: string[];
  /** Opaque parsed tokens per message, for `renderPromptTemplate`. */
  readonly messages: readonly { role: string; source: string; tokens: unknown }[];
}

/** A template that does not parse, naming the message and the mustache error. */
export class PromptTemplateError extends Error {
  override name = 'PromptTemplateError';
}

type Token = [string, string, number, number, ...unknown[]];

/**
 * Parses every message's mustache text and finds its variables. Throws
 * `PromptTemplateError` (e.g. `messages[1].content: Unclosed section "items" at 24`) for
 * syntax errors and for partials (`{{> name}}`), which templates cannot use.
 */
export function parsePromptTemplate(messages: readonly PromptTemplateMessage[]): ParsedPromptTemplate {
  const required = new Set<string>();
  const conditions = new Set<string>();
  const parsed = messages.map((m, i) => {
    let tokens: Token[];
    try {
      // A writer of its own: Mustache's shared one caches every template it ever parsed.
      tokens = new Mustache.Writer().parse(m.content) as Token[];
    } catch (err) {
      throw new PromptTemplateError(`messages[${i}].content: ${(err as Error).message}`);
    }
    for (const token of tokens) {
      const [type, name] = token;
      if (type === '>')
        throw new PromptTemplateError(`messages[${i}].content: partials ({{> ${name}}}) are not supported`);
      if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
      if (name === '.') continue;
      const top = name.split('.')[0];
      if (type === 'name' || type === '&') required.add(top);
      else conditions.add(top);
    }
    verbatimEverywhere(tokens);
    return { role: m.role, source: m.content, tokens };
  });
  return {
    variables: [...required].sort(),
    optionalVariables: [...conditions].filter((n) => !required.has(n)).sort(),
    messages: parsed,
  };
}

/**
 * Renders `{{{x}}}` and `{{&x}}` as `{{x}}`: nothing is escaped anyway, and so every
 * interpolation formats values alike (objects as JSON).
 */
function verbatimEverywhere(tokens: Token[]): void {
  for (const token of tokens) {
    if (token[0] === '&') token[0] = 'name';
    else if ((token[0] === '#' || token[0] === '^') && Array.isArray(token[4]))
      verbatimEverywhere(token[4] as Token[]);
  }
}

/** What is wrong with a template's messages (empty when it parses). */
export function promptTemplateProblems(messages: readonly PromptTemplateMessage[]): string[] {
  try {
    parsePromptTemplate(messages);
    return [];
  } catch (err) {
    if (err instanceof PromptTemplateError) return [err.message];
    throw err;
  }
}

/** Required names of `variables` the caller did not send (own properties only; `null` counts as sent). */
export function missingPromptVariables(
  required: readonly string[],
  variables: Readonly<Record<string, unknown>>,
): string[] {
  return required.filter((name) => !Object.prototype.hasOwnProperty.call(variables, name));
}

/** Values go in as they are: prompts are not HTML. Objects and arrays as JSON, not `[object Object]`. */
function verbatim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const RENDER_OPTIONS = { escape: verbatim };
const writer = new Mustache.Writer();

/**
 * Renders each message with `variables` (no HTML escaping). Callers check
 * `missingPromptVariables` first; a name still missing renders as an empty string, as in mustache.
 */
export function renderPromptTemplate(
  template: ParsedPromptTemplate,
  variables: Readonly<Record<string, unknown>>,
): PromptTemplateMessage[] {
  const context = new Mustache.Context(variables);
  return template.messages.map((m) => ({
    role: m.role,
    content: writer.renderTokens(m.tokens as string[][], context, undefined, m.source, RENDER_OPTIONS),
  }));
}
