import type { SchemaObject } from 'ajv';
import { BUDGET_PERIODS } from './budget-window';
import {
  BUDGET_SCOPES,
  CACHE_MODES,
  ENSEMBLE_MODES,
  GUARDRAIL_ACTIONS,
  GUARDRAIL_MODES,
  GUARDRAIL_STAGES,
  MATCH_OPERATORS,
  MAX_CACHE_TTL_SECONDS,
  MAX_RATE_LIMIT_WINDOW_SECONDS,
  MCP_TRANSPORTS,
  PROMPT_LABEL_PATTERN,
  PROMPT_ROLES,
  ROUTE_STRATEGIES,
} from './snapshot';

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const index = { type: 'integer', minimum: 0 } as const;
const positiveMs = { type: 'integer', minimum: 1, maximum: 3_600_000 } as const;
const statuses = {
  type: 'array',
  items: { type: 'integer', minimum: 100, maximum: 599 },
  maxItems: 100,
} as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;

const target = {
  type: 'object',
  additionalProperties: false,
  required: ['providerId', 'model'],
  properties: {
    providerId: { ...id, nullable: true },
    model: { type: 'string', maxLength: 200 },
    routeId: { ...id, nullable: true },
    weight: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
    overrides: { type: 'object' },
    retry: {
      type: 'object',
      additionalProperties: false,
      required: ['attempts', 'backoffMs', 'maxBackoffMs', 'onStatuses'],
      properties: {
        attempts: { type: 'integer', minimum: 1, maximum: 10 },
        backoffMs: { type: 'integer', minimum: 0, maximum: 60_000 },
        maxBackoffMs: { type: 'integer', minimum: 0, maximum: 300_000 },
        onStatuses: statuses,
      },
    },
    timeoutMs: positiveMs,
    breaker: {
      type: 'object',
      additionalProperties: false,
      required: ['failures', 'windowMs', 'cooldownMs'],
      properties: {
        failures: { type: 'integer', minimum: 1, maximum: 10_000 },
        windowMs: positiveMs,
        cooldownMs: positiveMs,
      },
    },
  },
} as const;

const toolPattern = { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } as const;

const match = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'op'],
  properties: {
    field: {
      type: 'string',
      pattern: '^(header|metadata|param)\\.[^\\s]{1,100}$|^(key\\.(id|name)|workspace\\.(id|slug))$',
    },
    op: { type: 'string', enum: [...MATCH_OPERATORS] },
    value: { anyOf: [scalar, { type: 'array', items: scalar, maxItems: 1000 }] },
  },
} as const;

const embedder = {
  type: 'object',
  additionalProperties: false,
  required: ['providerId', 'model'],
  properties: {
    providerId: { ...id, nullable: true },
    model: { type: 'string', maxLength: 200 },
  },
} as const;

const cache = {
  type: 'object',
  additionalProperties: false,
  required: ['mode', 'ttlSeconds'],
  properties: {
    mode: { type: 'string', enum: [...CACHE_MODES] },
    ttlSeconds: { type: 'integer', minimum: 1, maximum: MAX_CACHE_TTL_SECONDS },
    embedder,
    threshold: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

/**
 * JSON Schema of `Snapshot` (ajv's `JSONSchemaType` cannot express its required nullable
 * fields, so the contract spec checks a fully typed snapshot against it instead).
 * `snapshot.schema.json` is written from it (`pnpm schema:write`) for other tools.
 */
export const snapshotSchema: SchemaObject = {
  $id: 'https://switchyard.dev/schemas/snapshot/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'version', 'hash', 'createdAt', 'content'],
  properties: {
    schemaVersion: { type: 'integer', const: 1 },
    version: { type: 'integer', minimum: 1 },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    createdAt: { type: 'string', format: 'date-time' },
    content: {
      type: 'object',
      additionalProperties: false,
      required: ['workspaces', 'providers', 'routes', 'keys'],
      properties: {
        workspaces: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'slug', 'name'],
            properties: {
              id,
              slug: text(64),
              name: text(200),
              logPayloads: { type: 'boolean', enum: [true] },
            },
          },
        },
        providers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'name', 'kind', 'baseUrl', 'credentials'],
            properties: {
              id,
              workspaceId: id,
              name: text(200),
              kind: text(64),
              baseUrl: { type: 'string', format: 'uri', pattern: '^https?://' },
              credentials: { type: 'string', nullable: true, pattern: '^sy1:' },
              options: { type: 'object', additionalProperties: scalar },
            },
          },
        },
        routes: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'alias', 'strategy', 'targets'],
            properties: {
              id,
              workspaceId: id,
              alias: text(200),
              strategy: { type: 'string', enum: [...ROUTE_STRATEGIES] },
              targets: { type: 'array', minItems: 1, maxItems: 100, items: target },
              fallback: {
                type: 'object',
                additionalProperties: false,
                required: ['onStatuses', 'onTimeout', 'onConnectionError'],
                properties: {
                  onStatuses: statuses,
                  onTimeout: { type: 'boolean' },
                  onConnectionError: { type: 'boolean' },
                },
              },
              conditions: {
                type: 'object',
                additionalProperties: false,
                required: ['rules', 'defaultTarget'],
                properties: {
                  rules: {
                    type: 'array',
                    maxItems: 200,
                    items: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['when', 'target'],
                      properties: {
                        when: { type: 'array', minItems: 1, maxItems: 50, items: match },
                        target: index,
                      },
                    },
                  },
                  defaultTarget: index,
                },
              },
              semantic: {
                type: 'object',
                additionalProperties: false,
                required: ['embedder', 'threshold', 'intents', 'defaultTarget', 'onEmbedError'],
                properties: {
                  embedder,
                  threshold: { type: 'number', minimum: 0, maximum: 1 },
                  intents: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 200,
                    items: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['name', 'examples', 'target'],
                      properties: {
                        name: text(100),
                        examples: { type: 'array', minItems: 1, maxItems: 1000, items: text(4000) },
                        target: index,
                        threshold: { type: 'number', minimum: 0, maximum: 1 },
                      },
                    },
                  },
                  defaultTarget: { ...index, nullable: true },
                  onEmbedError: { type: 'string', enum: ['default', 'fail'] },
                },
              },
              ensemble: {
                type: 'object',
                additionalProperties: false,
                required: ['mode', 'minResponses', 'deadlineMs'],
                properties: {
                  mode: { type: 'string', enum: [...ENSEMBLE_MODES] },
                  judge: { ...target, nullable: true },
                  minResponses: { type: 'integer', minimum: 1, maximum: 100 },
                  deadlineMs: positiveMs,
                  judgePrompt: text(20_000),
                },
              },
              cache,
            },
          },
        },
        keys: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'name', 'hash', 'expiresAt', 'allowedRouteIds'],
            properties: {
              id,
              workspaceId: id,
              name: text(200),
              hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
              expiresAt: { type: 'string', format: 'date-time', nullable: true },
              allowedRouteIds: { type: 'array', items: id, nullable: true },
              cache,
            },
          },
        },
        modelPrices: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['workspaceId', 'providerKind', 'model', 'inputPerMTok', 'outputPerMTok'],
            properties: {
              workspaceId: id,
              providerKind: text(64),
              model: text(200),
              inputPerMTok: { type: 'integer', minimum: 0 },
              outputPerMTok: { type: 'integer', minimum: 0 },
              cachedInputPerMTok: { type: 'integer', minimum: 0 },
              contextWindow: { type: 'integer', minimum: 1 },
            },
          },
        },
        mcpServers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'slug', 'name', 'url', 'transport', 'credentials'],
            properties: {
              id,
              workspaceId: id,
              slug: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' },
              name: text(200),
              url: { type: 'string', format: 'uri', pattern: '^https?://' },
              transport: { type: 'string', enum: [...MCP_TRANSPORTS] },
              credentials: { type: 'string', nullable: true, pattern: '^sy1:' },
            },
          },
        },
        mcpAccess: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['keyId', 'serverId', 'allowTools', 'denyTools'],
            properties: {
              keyId: id,
              serverId: id,
              allowTools: { type: 'array', items: toolPattern, maxItems: 1000, nullable: true },
              denyTools: { type: 'array', items: toolPattern, maxItems: 1000 },
            },
          },
        },
        guardrailPolicies: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'name', 'stage', 'mode', 'action', 'checks'],
            properties: {
              id,
              workspaceId: id,
              name: text(200),
              stage: { type: 'string', enum: [...GUARDRAIL_STAGES] },
              mode: { type: 'string', enum: [...GUARDRAIL_MODES] },
              action: { type: 'string', enum: [...GUARDRAIL_ACTIONS] },
              checks: {
                type: 'array',
                minItems: 1,
                maxItems: 100,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name', 'type', 'params'],
                  properties: {
                    name: text(100),
                    type: text(64),
                    params: { type: 'object' },
                    action: { type: 'string', enum: [...GUARDRAIL_ACTIONS] },
                  },
                },
              },
            },
          },
        },
        guardrailAttachments: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['policyId', 'workspaceId', 'keyId', 'routeId'],
            properties: {
              policyId: id,
              workspaceId: id,
              keyId: { ...id, nullable: true },
              routeId: { ...id, nullable: true },
            },
          },
        },
        rateLimits: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: [
              'id',
              'workspaceId',
              'keyId',
              'routeId',
              'requestsPerWindow',
              'tokensPerWindow',
              'windowSeconds',
              'concurrent',
            ],
            properties: {
              id,
              workspaceId: id,
              keyId: { ...id, nullable: true },
              routeId: { ...id, nullable: true },
              requestsPerWindow: { type: 'integer', minimum: 1, maximum: 1_000_000_000, nullable: true },
              tokensPerWindow: { type: 'integer', minimum: 1, maximum: 1_000_000_000_000, nullable: true },
              windowSeconds: { type: 'integer', minimum: 1, maximum: MAX_RATE_LIMIT_WINDOW_SECONDS },
              concurrent: { type: 'integer', minimum: 1, maximum: 1_000_000, nullable: true },
            },
          },
        },
        prompts: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'workspaceId', 'slug', 'name', 'versions'],
            properties: {
              id,
              workspaceId: id,
              slug: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' },
              name: text(200),
              versions: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['version', 'model', 'messages', 'variables'],
                  properties: {
                    version: { type: 'integer', minimum: 1 },
                    model: text(200),
                    messages: {
                      type: 'array',
                      minItems: 1,
                      maxItems: 100,
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['role', 'content'],
                        properties: {
                          role: { type: 'string', enum: [...PROMPT_ROLES] },
                          content: { type: 'string', maxLength: 100_000 },
                        },
                      },
                    },
                    params: { type: 'object' },
                    variables: { type: 'array', items: text(200), maxItems: 1000 },
                  },
                },
              },
              labels: {
                type: 'object',
                propertyNames: { pattern: PROMPT_LABEL_PATTERN.source },
                additionalProperties: { type: 'integer', minimum: 1 },
              },
            },
          },
        },
        budgets: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: [
              'id',
              'workspaceId',
              'name',
              'scope',
              'keyId',
              'tagKey',
              'tagValue',
              'limitMicroUsd',
              'limitTokens',
              'period',
              'timezone',
              'hardStop',
            ],
            properties: {
              id,
              workspaceId: id,
              name: text(200),
              scope: { type: 'string', enum: [...BUDGET_SCOPES] },
              keyId: { ...id, nullable: true },
              tagKey: { ...text(100), nullable: true },
              tagValue: { ...text(200), nullable: true },
              limitMicroUsd: { type: 'integer', minimum: 1, nullable: true },
              limitTokens: { type: 'integer', minimum: 1, nullable: true },
              period: { type: 'string', enum: [...BUDGET_PERIODS] },
              timezone: text(64),
              hardStop: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
};
