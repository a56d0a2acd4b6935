import { GatewayError } from '../../errors';

// Model ids go into the URL path before `:method`, so they may not hold `/`, `:`, `?`, `#`.
const MODEL_ID = /^[A-Za-z0-9][\w.@-]*$/;

/** The model id for a Google URL path (`models/` prefix dropped); throws when it is not a plain id. */
export function modelId(model: unknown): string {
  const id = typeof model === 'string' && model.startsWith('models/') ? model.slice('models/'.length) : model;
  if (typeof id !== 'string' || !MODEL_ID.test(id)) {
    throw new GatewayError('invalid_value', 'The model name cannot be used in a Google API path.', 'model');
  }
  return id;
}
