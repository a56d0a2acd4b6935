export * from './types';
export { GUARDRAIL_CHECKS, GUARDRAIL_CHECK_TYPES } from './catalogue';
export * from './pipeline';
export { PII_TYPES, luhnValid, ibanValid, findPii, type PiiType } from './pii';
export { findSecrets } from './secrets';
export { detectLanguage } from './language';
export { containsCode, injectionScore } from './heuristics';
export { MASKED_HEADER_VALUE, mapWebhookHeaders, webhookHeaderContext } from './webhook-headers';
