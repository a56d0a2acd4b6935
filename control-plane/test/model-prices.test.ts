import type { TestPlane } from './support/plane';
import { reasonOf, startRoutingPlane, type RoutingApi } from './support/routing';

// Model price overrides: written through the API, compiled into the snapshot.

let t: TestPlane;
let ws: string;
let published: RoutingApi['published'];

beforeAll(async () => {
  ({ t, ws, published } = await startRoutingPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('model prices', () => {
  it('creates, updates and deletes overrides, compiled into the snapshot', async () => {
    const price = `id providerKind model inputPerMTok outputPerMTok cachedInputPerMTok contextWindow`;
    const created = await t.ok<{ createModelPrice: { id: string } }>(
      `mutation($input: CreateModelPriceInput!) { createModelPrice(input: $input) { ${price} } }`,
      {
        input: {
          workspaceId: ws,
          providerKind: 'anthropic',
          model: 'claude-sonnet-4',
          inputPerMTok: 2_500_000,
          outputPerMTok: 12_000_000,
          cachedInputPerMTok: 250_000,
        },
      },
    );
    const id = created.createModelPrice.id;
    expect((await published()).content.modelPrices).toEqual([
      {
        workspaceId: ws,
        providerKind: 'anthropic',
        model: 'claude-sonnet-4',
        inputPerMTok: 2_500_000,
        outputPerMTok: 12_000_000,
        cachedInputPerMTok: 250_000,
      },
    ]);
    const dup = await t.gql(
      `mutation($input: CreateModelPriceInput!) { createModelPrice(input: $input) { id } }`,
      {
        input: {
          workspaceId: ws,
          providerKind: 'anthropic',
          model: 'claude-sonnet-4',
          inputPerMTok: 1,
          outputPerMTok: 1,
        },
      },
    );
    expect(reasonOf(dup)).toEqual(['CONFLICT', 'MODEL_PRICE_TAKEN']);

    await t.ok(`mutation($input: UpdateModelPriceInput!) { updateModelPrice(input: $input) { ${price} } }`, {
      input: {
        workspaceId: ws,
        id,
        outputPerMTok: 10_000_000,
        cachedInputPerMTok: null,
        contextWindow: 200_000,
      },
    });
    expect((await published()).content.modelPrices).toEqual([
      {
        workspaceId: ws,
        providerKind: 'anthropic',
        model: 'claude-sonnet-4',
        inputPerMTok: 2_500_000,
        outputPerMTok: 10_000_000,
        contextWindow: 200_000,
      },
    ]);
    const list = await t.ok<{ modelPrices: unknown[] }>(
      `query($w: ID!) { modelPrices(workspaceId: $w) { ${price} } }`,
      { w: ws },
    );
    expect(list.modelPrices).toHaveLength(1);
    await t.ok(`mutation($input: DeleteModelPriceInput!) { deleteModelPrice(input: $input) { id } }`, {
      input: { workspaceId: ws, id },
    });
    expect((await published()).content.modelPrices).toBeUndefined();
  });
});
