import { randomSuffix, deleteBucket } from './infra';
import { startTestPlane, type TestPlane } from './plane';

/** Every field of a budget, with its current status. */
export const BUDGET_FIELDS = `id name scope keyId tagKey tagValue limitMicroUsd limitTokens period timezone alertThresholds
  webhookUrl webhookSigned hardStop
  status { windowStart resetsAt spentMicroUsd spentTokens remainingMicroUsd remainingTokens percentUsed exhausted }`;

/** A budget as `BUDGET_FIELDS` selects it. */
export interface Budget {
  id: string;
  name: string;
  scope: string;
  keyId: string | null;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  period: string;
  timezone: string;
  alertThresholds: number[];
  webhookSigned: boolean;
  hardStop: boolean;
  status: {
    windowStart: string;
    resetsAt: string | null;
    spentMicroUsd: number;
    spentTokens: number;
    remainingMicroUsd: number | null;
    remainingTokens: number | null;
    percentUsed: number;
    exhausted: boolean;
  };
}

export const CREATE_BUDGET = `mutation C($input: CreateBudgetInput!) { createBudget(input: $input) { ${BUDGET_FIELDS} } }`;
export const BUDGET_STATUS = `query S($input: BudgetRecordInput!) { budgetStatus(input: $input) { spentMicroUsd spentTokens exhausted remainingMicroUsd } }`;

/**
 * A plane publishing budget state to a bucket of its own (`budgetBucket`, every 20 ms), with
 * workspaces `budgets` (`workspaceId`: keys `one` and `two`) and `other` (`otherWorkspaceId`:
 * key `elsewhere`). `close()` stops the plane and deletes the budget bucket.
 */
export interface BudgetPlane {
  t: TestPlane;
  budgetBucket: string;
  workspaceId: string;
  otherWorkspaceId: string;
  keyId: string;
  otherKeyId: string;
  elsewhereKeyId: string;
  /** Creates a budget in `workspaceId`. */
  createBudget(input: Record<string, unknown>): Promise<Budget>;
  /** The code of the first error of a request, or undefined. */
  errorCode(query: string, variables: Record<string, unknown>): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function startBudgetPlane(): Promise<BudgetPlane> {
  const budgetBucket = `sy-budget-${randomSuffix()}`;
  const t = await startTestPlane({
    SWITCHYARD_BUDGET_BUCKET: budgetBucket,
    SWITCHYARD_BUDGET_PUBLISH_MS: '20',
  });
  const close = async () => {
    await t.close();
    await deleteBucket(budgetBucket);
  };
  try {
    const ws = await t.ok<{ a: { id: string }; b: { id: string } }>(
      'mutation { a: createWorkspace(input: {slug: "budgets", name: "B"}) { id } b: createWorkspace(input: {slug: "other", name: "O"}) { id } }',
    );
    const keys = await t.ok<{
      a: { key: { id: string } };
      b: { key: { id: string } };
      c: { key: { id: string } };
    }>(
      `mutation K($w: ID!, $o: ID!) {
      a: createVirtualKey(input: {workspaceId: $w, name: "one"}) { key { id } }
      b: createVirtualKey(input: {workspaceId: $w, name: "two"}) { key { id } }
      c: createVirtualKey(input: {workspaceId: $o, name: "elsewhere"}) { key { id } }
    }`,
      { w: ws.a.id, o: ws.b.id },
    );
    return {
      t,
      budgetBucket,
      workspaceId: ws.a.id,
      otherWorkspaceId: ws.b.id,
      keyId: keys.a.key.id,
      otherKeyId: keys.b.key.id,
      elsewhereKeyId: keys.c.key.id,
      createBudget: async (input) => {
        const data = await t.ok<{ createBudget: Budget }>(CREATE_BUDGET, {
          input: { workspaceId: ws.a.id, ...input },
        });
        return data.createBudget;
      },
      errorCode: async (query, variables) => {
        const res = await t.gql(query, variables);
        return res.errors?.[0]?.extensions?.code;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
