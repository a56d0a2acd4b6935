import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { Workspace } from '../workspaces/types';
import { mutate, mutateIgnoringResult, notFound, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id slug name createdAt }';

export const workspaces: ResourceHandler<Workspace> = {
  async list() {
    return (await graphqlRequest<{ workspaces: Workspace[] }>(`query { workspaces ${FIELDS} }`)).workspaces;
  },
  async getOne(id) {
    const query = `query { workspace${argumentList({ id: String(id) })} ${FIELDS} }`;
    const { workspace } = await graphqlRequest<{ workspace: Workspace | null }>(query);
    if (!workspace) throw notFound('Workspace', id);
    return workspace;
  },
  create: (data) => mutate('createWorkspace', { slug: data.slug, name: data.name }, FIELDS),
  update: (id, data) => mutate('updateWorkspace', { id: String(id), name: data.name }, FIELDS),
  delete: (id) => mutateIgnoringResult('deleteWorkspace', { id: String(id) }),
};
