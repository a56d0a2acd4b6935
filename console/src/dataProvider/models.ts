import type { GetListParams } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { ModelInfo } from '../models/types';
import { getWorkspaceId } from '../workspace/workspaceStore';
import { localList } from './localList';
import { notFound, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ kind model mode inputPerMTok outputPerMTok cachedInputPerMTok contextWindow maxOutputTokens
  tools vision jsonMode reasoning priceSource }`;

async function fetchModels(kind?: string, search?: string): Promise<ModelInfo[]> {
  // With a workspace selected, its price overrides apply; the catalog itself needs none.
  const args = argumentList({ workspaceId: getWorkspaceId() ?? undefined, kind, search });
  const { models } = await graphqlRequest<{ models: Omit<ModelInfo, 'id'>[] }>(
    `query { models${args} ${FIELDS} }`,
  );
  return models.map((model) => ({ ...model, id: `${model.kind}/${model.model}` }));
}

/** The shipped model catalog: the API searches (kind, model substring); the console sorts and pages. */
export const models: ResourceHandler<ModelInfo> = {
  async getList(params: GetListParams) {
    const { q, kind, ...rest } = params.filter ?? {};
    const found = await fetchModels((kind as string) || undefined, (q as string)?.trim() || undefined);
    return localList(found, { ...params, filter: rest });
  },
  async getOne(id) {
    const [kind, ...model] = String(id).split('/');
    const found = (await fetchModels(kind, model.join('/'))).find((info) => info.id === String(id));
    if (!found) throw notFound('Model', id);
    return found;
  },
};
