/**
 * What the soak configures and sends: one workspace whose `weighted` route and guardrail
 * policy every request goes through, and the request texts that show them at work.
 */
import { chatBody } from '../load';

/** The route every soak request names. */
const ROUTE = 'soak';
export const EMAIL = 'jane.doe@example.com';
/** What the policy's `pii` check puts in place of `EMAIL`. */
export const REDACTED = '[REDACTED_EMAIL]';
/** Matches the policy's `regex_deny`; only the check before the load sends it. */
export const DENIED_TEXT = 'project SOAK-DENY-0042';
// The user text holds an email address: the `pii` check redacts it on every request, and the
// fake upstream echoes it, so the answer shows that it did.
export const LOAD_TEXT = `Say hello in one short sentence to ${EMAIL}.`;

/** A chat completion request on the soak's route. */
export function soakBody(text: string, stream: boolean): string {
  return chatBody(ROUTE, stream, text);
}

/**
 * The workspace, as an `applyConfig` input: two provider accounts on the fake upstream, the
 * route over both, a workspace policy (`pii` redact on input and output, and a `regex_deny`
 * that only `DENIED_TEXT` matches) and the key `keySecret`.
 */
export function soakWorkspace(upstream: { baseUrl: string; apiKey: string }, keySecret: string): object {
  const account = (name: string) => ({ name, kind: 'openai', ...upstream });
  return {
    slug: 'soak',
    name: 'Soak',
    // Two accounts on the same fake upstream, so the route has a real choice to make.
    providers: [account('upstream-a'), account('upstream-b')],
    routes: [
      {
        alias: ROUTE,
        strategy: 'weighted',
        targets: ['upstream-a', 'upstream-b'].map((provider) => ({
          provider,
          model: 'gpt-4o-mini',
          weight: 1,
        })),
      },
    ],
    guardrails: [
      {
        name: 'soak-policy',
        stage: 'both',
        action: 'redact',
        checks: [
          { type: 'pii', params: { types: ['email', 'phone', 'credit_card'] } },
          {
            name: 'no-deny-codes',
            type: 'regex_deny',
            action: 'deny',
            params: { pattern: 'SOAK-DENY-\\d{4}' },
          },
        ],
        attach: { workspace: true },
      },
    ],
    keys: [{ name: 'soak', secret: keySecret }],
  };
}
