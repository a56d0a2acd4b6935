import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { Route, RouteTarget } from '../types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id workspaceId alias strategy targets { providerId model } createdAt updatedAt }';

async function list(): Promise<Route[]> {
  const query = `query { routes${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ routes: Route[] }>(query)).routes;
}

/** Only the two contract fields: the form's array items may carry react-admin bookkeeping. */
function targetsOf(targets: RouteTarget[] | undefined): RouteTarget[] | undefined {
  return targets?.map(({ providerId, model }) => ({ providerId, model }));
}

export const routes: ResourceHandler<Route> = {
  list,
  getOne: (id) => findIn(list, 'Route', id),
  create: (data) =>
    mutate(
      'createRoute',
      {
        workspaceId: requireWorkspaceId(),
        alias: data.alias,
        strategy: data.strategy || undefined,
        targets: targetsOf(data.targets) ?? [],
      },
      FIELDS,
    ),
  update: (id, data) =>
    mutate(
      'updateRoute',
      {
        workspaceId: requireWorkspaceId(),
        id: String(id),
        alias: data.alias,
        targets: targetsOf(data.targets),
      },
      FIELDS,
    ),
  delete: (id) => mutateIgnoringResult('deleteRoute', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
