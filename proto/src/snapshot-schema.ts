import type { SchemaObject } from 'ajv';
import { ROUTE_STRATEGIES } from './snapshot';

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

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
            properties: { id, slug: text(64), name: text(200) },
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
              targets: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['providerId', 'model'],
                  properties: { providerId: id, model: text(200) },
                },
              },
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
            },
          },
        },
      },
    },
  },
};
