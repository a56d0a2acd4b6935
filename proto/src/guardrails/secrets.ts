import type { TextMatch } from './types';

/** Credential patterns the `secrets` check finds: provider API keys, tokens and private keys. */
export const SECRET_PATTERNS: Record<string, RegExp> = {
  private_key:
    /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  anthropic_key: /\bsk-ant-[A-Za-z0-9_-]{20,}/g,
  openai_key: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
  aws_access_key: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
  aws_secret_key: /\baws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}\b/gi,
  github_token: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  gitlab_token: /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  slack_token: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  google_api_key: /\bAIza[0-9A-Za-z_-]{35}\b/g,
  stripe_key: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}\b/g,
  jwt: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  bearer_header: /\b[Aa]uthorization:\s*Bearer\s+[A-Za-z0-9._~+/-]{20,}=*/g,
};

export const SECRET_MAX_MATCH = 512;

/** Every secret found, replaced by `[REDACTED_SECRET]` (or `replacement`). */
export function findSecrets(text: string, replacement = '[REDACTED_SECRET]'): TextMatch[] {
  const out: TextMatch[] = [];
  for (const regex of Object.values(SECRET_PATTERNS)) {
    regex.lastIndex = 0;
    for (const m of text.matchAll(regex))
      out.push({ start: m.index, end: m.index + m[0].length, replacement });
  }
  return out;
}
