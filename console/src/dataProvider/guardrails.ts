import { graphqlRequest } from '../graphql/client';
import { argumentList, graphqlArguments } from '../graphql/literal';
import { jsonObjectOf } from '../common/textValues';
import type {
  GuardrailAttachment,
  GuardrailCheckType,
  GuardrailPolicy,
  GuardrailTryResult,
} from '../guardrails/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id workspaceId name stage mode action checks { name type action params }
  attachments { id policyId keyId routeId } createdAt updatedAt }`;

/**
 * The form: the policy, its checks with their parameters as JSON text, and where it is attached as
 * three inputs (the whole workspace, keys, routes) that the handler turns into attach/detach calls.
 */
export type GuardrailPolicyForm = Partial<GuardrailPolicy> & {
  checks?: { name?: string; type?: string; action?: string | null; params?: unknown }[];
  attachWorkspace?: boolean;
  attachKeyIds?: string[];
  attachRouteIds?: string[];
};

function formRecord(policy: GuardrailPolicy): GuardrailPolicy & GuardrailPolicyForm {
  return {
    ...policy,
    attachWorkspace: policy.attachments.some((a) => !a.keyId && !a.routeId),
    attachKeyIds: policy.attachments.flatMap((a) => (a.keyId ? [a.keyId] : [])),
    attachRouteIds: policy.attachments.flatMap((a) => (a.routeId ? [a.routeId] : [])),
  };
}

async function list(): Promise<GuardrailPolicy[]> {
  const query = `query { guardrailPolicies${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ guardrailPolicies: GuardrailPolicy[] }>(query)).guardrailPolicies.map(
    formRecord,
  );
}

export function checksInput(checks: GuardrailPolicyForm['checks']) {
  return (checks ?? []).map((check) => ({
    type: check.type,
    name: check.name?.trim() || undefined,
    action: check.action || null,
    params: jsonObjectOf(check.params) ?? {},
  }));
}

type Target = { keyId?: string; routeId?: string };
const targetKey = (t: Target) => `${t.keyId ?? ''}|${t.routeId ?? ''}`;

function wantedTargets(data: GuardrailPolicyForm): Target[] {
  return [
    ...(data.attachWorkspace ? [{}] : []),
    ...(data.attachKeyIds ?? []).map((keyId) => ({ keyId })),
    ...(data.attachRouteIds ?? []).map((routeId) => ({ routeId })),
  ];
}

/** Attaches where the form asks and detaches from where it no longer does. */
async function syncAttachments(policyId: string, data: GuardrailPolicyForm, current: GuardrailAttachment[]) {
  const workspaceId = requireWorkspaceId();
  const have = new Map(
    current.map((a) => [targetKey({ keyId: a.keyId ?? undefined, routeId: a.routeId ?? undefined }), a]),
  );
  const wanted = new Map(wantedTargets(data).map((t) => [targetKey(t), t]));
  for (const [key, target] of wanted)
    if (!have.has(key))
      await mutateIgnoringResult('attachGuardrailPolicy', { workspaceId, policyId, ...target });
  for (const [key, attachment] of have)
    if (!wanted.has(key))
      await mutateIgnoringResult('detachGuardrailPolicy', {
        workspaceId,
        policyId,
        keyId: attachment.keyId ?? undefined,
        routeId: attachment.routeId ?? undefined,
      });
}

async function saved(policy: GuardrailPolicy, data: GuardrailPolicyForm): Promise<GuardrailPolicy> {
  await syncAttachments(policy.id, data, policy.attachments);
  return findIn(list, 'Guardrail policy', policy.id);
}

export const guardrails: ResourceHandler<GuardrailPolicy> = {
  list,
  getOne: (id) => findIn(list, 'Guardrail policy', id),
  create: async (data: GuardrailPolicyForm) =>
    saved(
      await mutate<GuardrailPolicy>(
        'createGuardrailPolicy',
        {
          workspaceId: requireWorkspaceId(),
          name: data.name?.trim(),
          stage: data.stage || undefined,
          mode: data.mode || undefined,
          action: data.action || undefined,
          checks: checksInput(data.checks),
        },
        FIELDS,
      ),
      data,
    ),
  update: async (id, data: GuardrailPolicyForm) =>
    saved(
      await mutate<GuardrailPolicy>(
        'updateGuardrailPolicy',
        {
          workspaceId: requireWorkspaceId(),
          id: String(id),
          name: data.name?.trim(),
          stage: data.stage,
          mode: data.mode,
          action: data.action,
          checks: checksInput(data.checks),
        },
        FIELDS,
      ),
      data,
    ),
  delete: (id) =>
    mutateIgnoringResult('deleteGuardrailPolicy', { workspaceId: requireWorkspaceId(), id: String(id) }),
};

export async function guardrailCheckTypes(): Promise<GuardrailCheckType[]> {
  const query = 'query { guardrailCheckTypes { type description external redacts stages } }';
  return (await graphqlRequest<{ guardrailCheckTypes: GuardrailCheckType[] }>(query)).guardrailCheckTypes;
}

export interface TryGuardrailInput {
  policyId: string;
  stage: string;
  text: string;
  model?: string;
  metadata?: Record<string, unknown>;
}

/** Runs a stored policy on sample text with the gateway's own code (external checks are skipped). */
export async function tryGuardrailPolicy(input: TryGuardrailInput): Promise<GuardrailTryResult> {
  const args = graphqlArguments({ workspaceId: requireWorkspaceId(), ...input });
  const query = `query { tryGuardrailPolicy(input: {${args}}) { text denied { check policy stage verdict detail }
    verdicts { check policy stage verdict detail } } }`;
  return (await graphqlRequest<{ tryGuardrailPolicy: GuardrailTryResult }>(query)).tryGuardrailPolicy;
}
