import type { GetListParams, GetListResult, Identifier, RaRecord } from 'react-admin';
import { HttpError } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { graphqlArguments } from '../graphql/literal';

/**
 * What the data provider needs to know about one resource. A handler gives either `list` (the API
 * returns the whole collection; the console pages it) or `getList` (paged by the server).
 */
export interface ResourceHandler<T extends RaRecord = RaRecord> {
  list?: () => Promise<T[]>;
  getList?: (params: GetListParams) => Promise<GetListResult<T>>;
  getOne?: (id: Identifier) => Promise<T>;
  create?: (data: Partial<T>) => Promise<T>;
  update?: (id: Identifier, data: Partial<T>, previous: T) => Promise<T>;
  delete?: (id: Identifier) => Promise<void>;
}

export function notFound(what: string, id: Identifier): HttpError {
  return new HttpError(`${what} ${id} not found`, 404, { code: 'NOT_FOUND' });
}

/** The API has no single-item query for workspace-scoped resources: find the item in its list. */
export async function findIn<T extends RaRecord>(list: () => Promise<T[]>, what: string, id: Identifier) {
  const record = (await list()).find((item) => String(item.id) === String(id));
  if (!record) throw notFound(what, id);
  return record;
}

/** `mutation { name(input: {...}) <selection> }` and returns the field's value. */
export async function mutate<T>(name: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const data = await graphqlRequest<Record<string, T>>(
    `mutation { ${name}(input: {${graphqlArguments(input)}}) ${selection} }`,
  );
  return data[name];
}

/**
 * For mutations whose result the console does not need (deletes, revoke). Object results are asked
 * for `__typename`, which every object type has; should a mutation return a scalar instead, the
 * validation error (which never executes the mutation) leads to asking again without a selection.
 */
export async function mutateIgnoringResult(name: string, input: Record<string, unknown>): Promise<void> {
  try {
    await mutate(name, input, '{ __typename }');
  } catch (error) {
    if (!(error instanceof HttpError) || !/must not have a selection/i.test(error.message)) throw error;
    await mutate(name, input, '');
  }
}
