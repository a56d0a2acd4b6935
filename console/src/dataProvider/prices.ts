import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { numberOrNull } from '../common/textValues';
import type { ModelPrice } from '../prices/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id workspaceId providerKind model inputPerMTok outputPerMTok cachedInputPerMTok contextWindow
  createdAt updatedAt }`;

async function list(): Promise<ModelPrice[]> {
  const query = `query { modelPrices${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ modelPrices: ModelPrice[] }>(query)).modelPrices;
}

/** Prices stay integer micro-USD per million tokens end to end; the inputs convert from dollars. */
function pricesOf(data: Partial<ModelPrice>) {
  return {
    inputPerMTok: numberOrNull(data.inputPerMTok) ?? undefined,
    outputPerMTok: numberOrNull(data.outputPerMTok) ?? undefined,
    cachedInputPerMTok: numberOrNull(data.cachedInputPerMTok),
    contextWindow: numberOrNull(data.contextWindow),
  };
}

/** A workspace's price overrides of the shipped catalog, one per (provider kind, model). */
export const prices: ResourceHandler<ModelPrice> = {
  list,
  getOne: (id) => findIn(list, 'Model price', id),
  create: (data) => {
    const { cachedInputPerMTok, contextWindow, ...required } = pricesOf(data);
    return mutate(
      'createModelPrice',
      {
        workspaceId: requireWorkspaceId(),
        providerKind: data.providerKind,
        model: data.model?.trim(),
        ...required,
        cachedInputPerMTok: cachedInputPerMTok ?? undefined,
        contextWindow: contextWindow ?? undefined,
      },
      FIELDS,
    );
  },
  update: (id, data) =>
    mutate(
      'updateModelPrice',
      { workspaceId: requireWorkspaceId(), id: String(id), ...pricesOf(data) },
      FIELDS,
    ),
  delete: (id) =>
    mutateIgnoringResult('deleteModelPrice', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
