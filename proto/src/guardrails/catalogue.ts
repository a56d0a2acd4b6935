import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { containsCode, injectionScore } from './heuristics';
import { DETECTABLE_LANGUAGES, detectLanguage } from './language';
import { escapeRegex, Params, regexMatches } from './params';
import { findPii, PII_MAX_MATCH, PII_TYPES } from './pii';
import { findSecrets, SECRET_MAX_MATCH } from './secrets';
import { cosine, textUnits, textVector } from './similarity';
import { GuardrailParamError, type CheckDefinition, type CheckOutcome, type CompiledCheck } from './types';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);

const BOTH = ['input', 'output'] as const;
const INPUT = ['input'] as const;
const PASS: CheckOutcome = { pass: true };
const fail = (detail: string): CheckOutcome => ({ pass: false, detail });
const DEFAULT_REPLACEMENT = '[REDACTED]';
const DEFAULT_MAX_MATCH = 256;

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`)\]}]+/gi;

function urlsIn(text: string): { url: string; start: number; end: number }[] {
  URL_PATTERN.lastIndex = 0;
  return [...text.matchAll(URL_PATTERN)].map((m) => {
    const url = m[0].replace(/[.,;:!?]+$/, '');
    return { url, start: m.index, end: m.index + url.length };
  });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether `host` is `domain` or one of its subdomains. */
function hostIn(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

function domainList(p: Params, name: string): string[] {
  return p.strings(name).map((d) => d.toLowerCase().replace(/^\*\./, '').replace(/\.$/, ''));
}

/** JSON in the text: the whole text, or the one fenced block it consists of. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let source = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(source);
  if (fenced) source = fenced[1];
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function countSentences(text: string): number {
  return text.split(/[.!?…。！？]+(?:\s+|$)/u).filter((s) => /[\p{L}\p{N}]/u.test(s)).length;
}

function bounded(what: string, n: number, b: { min: number; max: number }): CheckOutcome {
  if (n < b.min) return fail(`${what} is ${n}, below the minimum of ${b.min}`);
  if (n > b.max) return fail(`${what} is ${n}, above the maximum of ${b.max}`);
  return PASS;
}

function wordMatcher(p: Params): { regex: RegExp; words: string[] } {
  const words = p.strings('words');
  const caseSensitive = p.bool('caseSensitive', false);
  const wholeWords = p.bool('wholeWords', true);
  const alternatives = words.map((w) => {
    const e = escapeRegex(w);
    return wholeWords ? `(?<![\\p{L}\\p{N}_])${e}(?![\\p{L}\\p{N}_])` : e;
  });
  return { regex: new RegExp(alternatives.join('|'), caseSensitive ? 'gu' : 'giu'), words };
}

function foundWords(regex: RegExp, text: string): Set<string> {
  regex.lastIndex = 0;
  return new Set(
    [...text.matchAll(regex)].map((m) => (regex.flags.includes('i') ? m[0].toLowerCase() : m[0])),
  );
}

/** Runs `find` and fails with a count when it finds anything. */
function finding(
  type: string,
  find: (text: string) => ReturnType<NonNullable<CompiledCheck['find']>>,
  what: string,
  maxMatchLength: number,
): CompiledCheck {
  return {
    type,
    find,
    maxMatchLength,
    run(subject) {
      const n = find(subject.text).length;
      return n === 0 ? PASS : fail(`${n} ${what}${n === 1 ? '' : 's'} found`);
    },
  };
}

/**
 * The native check catalogue: every check type, its parameters and the stages it applies
 * to. Parameters are validated and regexes and schemas compiled in `compile`, once.
 */
export const GUARDRAIL_CHECKS: Record<string, CheckDefinition> = {
  regex_match: {
    description: 'The text must match `pattern` (flags: `flags`, from i m s u).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'regex_match');
      p.only('pattern', 'flags');
      const regex = p.regex('pattern');
      return {
        type: 'regex_match',
        run(s) {
          regex.lastIndex = 0;
          return regex.test(s.text) ? PASS : fail('the text does not match the required pattern');
        },
      };
    },
  },
  regex_deny: {
    description: 'The text must not match `pattern`; redact replaces matches with `replacement`.',
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'regex_deny');
      p.only('pattern', 'flags', 'replacement', 'maxMatchLength');
      const regex = p.regex('pattern');
      const replacement = p.string('replacement', true) ?? DEFAULT_REPLACEMENT;
      const max = p.int('maxMatchLength', true) ?? DEFAULT_MAX_MATCH;
      return finding('regex_deny', (t) => regexMatches(regex, t, replacement), 'denied pattern match', max);
    },
  },
  contains_any: {
    description: 'The text must contain at least one of `words` (`caseSensitive`, `wholeWords`).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'contains_any');
      p.only('words', 'caseSensitive', 'wholeWords');
      const { regex } = wordMatcher(p);
      return {
        type: 'contains_any',
        run(s) {
          regex.lastIndex = 0;
          return regex.test(s.text) ? PASS : fail('the text contains none of the required words');
        },
      };
    },
  },
  contains_all: {
    description: 'The text must contain every one of `words`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'contains_all');
      p.only('words', 'caseSensitive', 'wholeWords');
      const { regex, words } = wordMatcher(p);
      const wanted = new Set(regex.flags.includes('i') ? words.map((w) => w.toLowerCase()) : words);
      return {
        type: 'contains_all',
        run(s) {
          const found = foundWords(regex, s.text);
          const missing = [...wanted].filter((w) => !found.has(w));
          return missing.length === 0 ? PASS : fail(`the text lacks ${missing.length} required word(s)`);
        },
      };
    },
  },
  contains_none: {
    description: 'The text must contain none of `words` (a deny list); redact replaces them.',
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'contains_none');
      p.only('words', 'caseSensitive', 'wholeWords', 'replacement');
      const { regex, words } = wordMatcher(p);
      const replacement = p.string('replacement', true) ?? DEFAULT_REPLACEMENT;
      const longest = Math.max(...words.map((w) => w.length));
      return finding('contains_none', (t) => regexMatches(regex, t, replacement), 'denied word', longest + 1);
    },
  },
  word_count: {
    description: 'The number of words is within `min` and `max`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'word_count');
      p.only('min', 'max');
      const b = p.bounds();
      return { type: 'word_count', run: (s) => bounded('the word count', countWords(s.text), b) };
    },
  },
  char_count: {
    description: 'The number of characters is within `min` and `max`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'char_count');
      p.only('min', 'max');
      const b = p.bounds();
      return { type: 'char_count', run: (s) => bounded('the character count', [...s.text].length, b) };
    },
  },
  sentence_count: {
    description: 'The number of sentences is within `min` and `max`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'sentence_count');
      p.only('min', 'max');
      const b = p.bounds();
      return { type: 'sentence_count', run: (s) => bounded('the sentence count', countSentences(s.text), b) };
    },
  },
  token_count: {
    description: 'The estimated token count (about four characters a token) is within `min` and `max`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'token_count');
      p.only('min', 'max');
      const b = p.bounds();
      return {
        type: 'token_count',
        run: (s) => bounded('the estimated token count', Math.ceil(s.text.length / 4), b),
      };
    },
  },
  valid_json: {
    description: 'The text is JSON (or one fenced ```json block).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      new Params(params, 'valid_json').only();
      return {
        type: 'valid_json',
        run(s) {
          const parsed = parseJson(s.text);
          return parsed.ok ? PASS : fail(`the text is not valid JSON: ${parsed.error}`);
        },
      };
    },
  },
  json_schema: {
    description: 'The text is JSON valid against `schema` (JSON Schema, draft 7, compiled with ajv).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'json_schema');
      p.only('schema');
      const schema = p.object('schema');
      let validate: ReturnType<typeof ajv.compile>;
      try {
        validate = ajv.compile(schema);
      } catch (err) {
        throw new GuardrailParamError(`json_schema: schema does not compile: ${(err as Error).message}`);
      }
      return {
        type: 'json_schema',
        run(s) {
          const parsed = parseJson(s.text);
          if (!parsed.ok) return fail(`the text is not valid JSON: ${parsed.error}`);
          if (validate(parsed.value)) return PASS;
          const e = validate.errors?.[0];
          return fail(
            `the JSON does not match the schema: ${e?.instancePath || '/'} ${e?.message ?? ''}`.trim(),
          );
        },
      };
    },
  },
  json_keys: {
    description: 'The text is a JSON object holding every key of `keys` (dotted paths reach nested objects).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'json_keys');
      p.only('keys');
      const paths = p.strings('keys').map((k) => k.split('.'));
      return {
        type: 'json_keys',
        run(s) {
          const parsed = parseJson(s.text);
          if (!parsed.ok) return fail(`the text is not valid JSON: ${parsed.error}`);
          const missing = paths.filter((path) => {
            let v: unknown = parsed.value;
            for (const part of path) {
              if (!v || typeof v !== 'object' || Array.isArray(v) || !(part in v)) return true;
              v = (v as Record<string, unknown>)[part];
            }
            return false;
          });
          return missing.length === 0
            ? PASS
            : fail(`missing JSON keys: ${missing.map((m) => m.join('.')).join(', ')}`);
        },
      };
    },
  },
  valid_urls: {
    description: 'Every http(s) URL in the text is well-formed with a plausible host.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      new Params(params, 'valid_urls').only();
      return {
        type: 'valid_urls',
        run(s) {
          const bad = urlsIn(s.text).filter(({ url }) => {
            const host = hostOf(url);
            return (
              host === null ||
              !(
                host === 'localhost' ||
                /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$|^\[?[0-9a-f:.]+\]?$/.test(host)
              )
            );
          });
          return bad.length === 0 ? PASS : fail(`${bad.length} malformed URL(s)`);
        },
      };
    },
  },
  url_allowlist: {
    description: 'Every URL in the text is on one of `domains` (or a subdomain); redact removes the others.',
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'url_allowlist');
      p.only('domains', 'replacement');
      const domains = domainList(p, 'domains');
      const replacement = p.string('replacement', true) ?? '[REDACTED_URL]';
      const find = (t: string) =>
        urlsIn(t)
          .filter(({ url }) => {
            const host = hostOf(url);
            return host === null || !hostIn(host, domains);
          })
          .map(({ start, end }) => ({ start, end, replacement }));
      return finding('url_allowlist', find, 'URL off the allow list', 2048);
    },
  },
  url_denylist: {
    description: 'No URL in the text is on one of `domains` (or a subdomain); redact removes them.',
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'url_denylist');
      p.only('domains', 'replacement');
      const domains = domainList(p, 'domains');
      const replacement = p.string('replacement', true) ?? '[REDACTED_URL]';
      const find = (t: string) =>
        urlsIn(t)
          .filter(({ url }) => {
            const host = hostOf(url);
            return host !== null && hostIn(host, domains);
          })
          .map(({ start, end }) => ({ start, end, replacement }));
      return finding('url_denylist', find, 'denied URL', 2048);
    },
  },
  pii: {
    description: `Personal data: \`types\` among ${PII_TYPES.join(', ')} (default all); cards pass Luhn, IBANs mod-97. Redact writes [REDACTED_<TYPE>].`,
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'pii');
      p.only('types', 'replacement');
      const types = p.strings('types', true) ?? [...PII_TYPES];
      for (const t of types)
        if (!(PII_TYPES as readonly string[]).includes(t))
          throw new GuardrailParamError(`pii: types has unknown type ${t} (known: ${PII_TYPES.join(', ')})`);
      const replacement = p.string('replacement', true);
      return finding(
        'pii',
        (t) => findPii(t, types as (typeof PII_TYPES)[number][], replacement),
        'PII match',
        PII_MAX_MATCH,
      );
    },
  },
  secrets: {
    description:
      'API keys, tokens and private keys (OpenAI, Anthropic, AWS, GitHub, GitLab, Slack, Google, Stripe, JWT, PEM).',
    stages: BOTH,
    redacts: true,
    compile(params) {
      const p = new Params(params, 'secrets');
      p.only('replacement');
      const replacement = p.string('replacement', true);
      return finding('secrets', (t) => findSecrets(t, replacement), 'secret', SECRET_MAX_MATCH);
    },
  },
  prompt_injection: {
    description:
      'Prompt-injection and jailbreak phrasings ("ignore previous instructions", "reveal your system prompt", chat-template tokens…); fails at `threshold` matches (default 1).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'prompt_injection');
      p.only('threshold');
      const threshold = p.number('threshold', 1, 1, 100);
      return {
        type: 'prompt_injection',
        run(s) {
          const score = injectionScore(s.text);
          return score >= threshold ? fail(`${score} prompt-injection pattern(s) matched`) : PASS;
        },
      };
    },
  },
  code_present: {
    description: 'The text contains source code (a fenced block, or lines that look like code).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      new Params(params, 'code_present').only();
      return {
        type: 'code_present',
        run: (s) => (containsCode(s.text) ? PASS : fail('the text contains no code')),
      };
    },
  },
  code_absent: {
    description: 'The text contains no source code.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      new Params(params, 'code_absent').only();
      return {
        type: 'code_absent',
        run: (s) => (containsCode(s.text) ? fail('the text contains code') : PASS),
      };
    },
  },
  case: {
    description: 'Every letter is upper case (`mode: upper`) or lower case (`mode: lower`).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'case');
      p.only('mode');
      const mode = p.oneOf('mode', ['upper', 'lower'] as const);
      return {
        type: 'case',
        run(s) {
          const ok = mode === 'upper' ? s.text === s.text.toUpperCase() : s.text === s.text.toLowerCase();
          return ok ? PASS : fail(`the text is not all ${mode} case`);
        },
      };
    },
  },
  starts_with: {
    description: 'The text (leading whitespace ignored) starts with `value`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'starts_with');
      p.only('value', 'caseSensitive');
      const cs = p.bool('caseSensitive', true);
      const value = cs ? p.string('value') : p.string('value').toLowerCase();
      return {
        type: 'starts_with',
        run(s) {
          const t = s.text.trimStart();
          return (cs ? t : t.toLowerCase()).startsWith(value)
            ? PASS
            : fail('the text does not start as required');
        },
      };
    },
  },
  ends_with: {
    description: 'The text (trailing whitespace ignored) ends with `value`.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'ends_with');
      p.only('value', 'caseSensitive');
      const cs = p.bool('caseSensitive', true);
      const value = cs ? p.string('value') : p.string('value').toLowerCase();
      return {
        type: 'ends_with',
        run(s) {
          const t = s.text.trimEnd();
          return (cs ? t : t.toLowerCase()).endsWith(value)
            ? PASS
            : fail('the text does not end as required');
        },
      };
    },
  },
  ascii_only: {
    description: 'The text holds printable ASCII and whitespace only.',
    stages: BOTH,
    redacts: false,
    compile(params) {
      new Params(params, 'ascii_only').only();
      return {
        type: 'ascii_only',
        run: (s) =>
          /^[\x20-\x7e\t\r\n]*$/.test(s.text) ? PASS : fail('the text holds non-ASCII characters'),
      };
    },
  },
  language: {
    description: `The detected language is one of \`languages\` (ISO 639-1 among ${DETECTABLE_LANGUAGES.join(', ')}); text too short to tell passes unless \`strict\`.`,
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'language');
      p.only('languages', 'strict');
      const languages = p.strings('languages').map((l) => l.toLowerCase());
      for (const l of languages)
        if (!DETECTABLE_LANGUAGES.includes(l))
          throw new GuardrailParamError(
            `language: ${l} cannot be detected (known: ${DETECTABLE_LANGUAGES.join(', ')})`,
          );
      const strict = p.bool('strict', false);
      return {
        type: 'language',
        run(s) {
          const lang = detectLanguage(s.text);
          if (lang === 'und') return strict ? fail('the language could not be detected') : PASS;
          return languages.includes(lang) ? PASS : fail(`the text is in ${lang}, not an allowed language`);
        },
      };
    },
  },
  banned_topics: {
    description:
      'No sentence is similar (≥ `threshold`, default 0.5) to an example of `topics` (offline hashed-trigram similarity: spelling overlap, not meaning).',
    stages: BOTH,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'banned_topics');
      p.only('topics', 'threshold');
      const topics = p.strings('topics').map((t) => ({ topic: t, vector: textVector(t) }));
      const threshold = p.number('threshold', 0.5, 0, 1);
      return {
        type: 'banned_topics',
        run(s) {
          for (const unit of textUnits(s.text)) {
            const v = textVector(unit);
            for (const t of topics) {
              const score = cosine(v, t.vector);
              if (score >= threshold)
                return fail(`the text is close to a banned topic (similarity ${score.toFixed(2)})`);
            }
          }
          return PASS;
        },
      };
    },
  },
  model_allowlist: {
    description: 'The requested model (route alias) is one of `models` (`*` wildcards allowed).',
    stages: INPUT,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'model_allowlist');
      p.only('models');
      const patterns = p
        .strings('models')
        .map((m) => new RegExp(`^${m.split('*').map(escapeRegex).join('.*')}$`));
      return {
        type: 'model_allowlist',
        run: (s) =>
          patterns.some((r) => r.test(s.model ?? '')) ? PASS : fail(`model ${s.model ?? ''} is not allowed`),
      };
    },
  },
  max_tokens_cap: {
    description:
      'The request asks for at most `max` output tokens (`max_tokens` / `max_completion_tokens`); `required: true` also refuses requests that set no limit.',
    stages: INPUT,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'max_tokens_cap');
      p.only('max', 'required');
      const max = p.int('max');
      const required = p.bool('required', false);
      return {
        type: 'max_tokens_cap',
        run(s) {
          if (s.maxTokens === null || s.maxTokens === undefined)
            return required ? fail('the request sets no max_tokens') : PASS;
          return s.maxTokens <= max ? PASS : fail(`max_tokens ${s.maxTokens} is above the cap of ${max}`);
        },
      };
    },
  },
  max_messages: {
    description: 'The request carries at most `max` messages.',
    stages: INPUT,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'max_messages');
      p.only('max');
      const max = p.int('max');
      return {
        type: 'max_messages',
        run: (s) =>
          (s.messageCount ?? 0) <= max
            ? PASS
            : fail(`${s.messageCount} messages, above the maximum of ${max}`),
      };
    },
  },
  required_metadata: {
    description: "The request's `x-switchyard-metadata` holds every key of `keys`.",
    stages: INPUT,
    redacts: false,
    compile(params) {
      const p = new Params(params, 'required_metadata');
      p.only('keys');
      const keys = p.strings('keys');
      return {
        type: 'required_metadata',
        run(s) {
          const missing = keys.filter((k) => s.metadata?.[k] === undefined);
          return missing.length === 0 ? PASS : fail(`missing metadata keys: ${missing.join(', ')}`);
        },
      };
    },
  },
  llm_judge: {
    description:
      'A model (a route alias of the workspace, `route`) scores the text against `rubric` from 0 to 1; below `threshold` (default 0.5) fails. `failOpen` (default false) passes when the judge fails.',
    stages: BOTH,
    redacts: false,
    external: true,
    compile(params) {
      const p = new Params(params, 'llm_judge');
      p.only('route', 'rubric', 'threshold', 'failOpen', 'timeoutMs');
      p.string('route');
      p.string('rubric');
      p.number('threshold', 0.5, 0, 1);
      p.bool('failOpen', false);
      p.number('timeoutMs', 10_000, 1, 120_000);
      return externalPlaceholder('llm_judge');
    },
  },
  webhook: {
    description:
      'POSTs `{stage, text, model, metadata}` to `url`; the answer `{"pass": bool, "reason"?: string}` decides. `timeoutMs` (default 5000); `failOpen` (default false) passes when the hook fails.',
    stages: BOTH,
    redacts: false,
    external: true,
    compile(params) {
      const p = new Params(params, 'webhook');
      p.only('url', 'timeoutMs', 'failOpen', 'headers');
      const url = p.string('url');
      if (!/^https?:\/\//.test(url) || hostOf(url) === null)
        throw new GuardrailParamError('webhook: url must be an http(s) URL');
      p.number('timeoutMs', 5000, 1, 120_000);
      p.bool('failOpen', false);
      if (params.headers !== undefined) {
        const h = p.object('headers');
        if (!Object.values(h).every((v) => typeof v === 'string'))
          throw new GuardrailParamError('webhook: headers must map names to strings');
      }
      return externalPlaceholder('webhook');
    },
  },
};

/** An external check compiled without its executor (the control plane's try-it): it is skipped. */
function externalPlaceholder(type: string): CompiledCheck {
  return { type, run: () => ({ pass: true, detail: 'not evaluated here (needs the gateway)' }) };
}

export const GUARDRAIL_CHECK_TYPES = Object.keys(GUARDRAIL_CHECKS);
