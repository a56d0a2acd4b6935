import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { jsonObjectOf } from '../common/textValues';
import type { Prompt, PromptMessage } from '../prompts/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const VERSION_FIELDS = `{ promptId version model messages { role content } params variables optionalVariables labels
  served createdAt createdBy }`;
const FIELDS = `{ id workspaceId slug name description latestVersion labels { label version updatedAt updatedBy }
  versions ${VERSION_FIELDS} createdAt updatedAt }`;

/** A version as the forms edit it: params as JSON text. */
export interface PromptVersionForm {
  model?: string;
  messages?: Partial<PromptMessage>[];
  params?: unknown;
  labels?: string[];
}

export type PromptForm = Partial<Prompt> & { version?: PromptVersionForm };

function versionInput(version: PromptVersionForm) {
  const params = jsonObjectOf(version.params);
  return {
    model: version.model?.trim(),
    messages: (version.messages ?? []).map((message) => ({
      role: message.role,
      content: message.content ?? '',
    })),
    params: params && Object.keys(params).length ? params : undefined,
    labels: version.labels?.length ? version.labels : undefined,
  };
}

async function list(): Promise<Prompt[]> {
  const query = `query { prompts${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ prompts: Prompt[] }>(query)).prompts;
}

async function getOne(id: string | number): Promise<Prompt> {
  const query = `query { prompt${argumentList({ workspaceId: requireWorkspaceId(), id: String(id) })} ${FIELDS} }`;
  return (await graphqlRequest<{ prompt: Prompt }>(query)).prompt;
}

export const prompts: ResourceHandler<Prompt> = {
  list,
  getOne,
  create: (data: PromptForm) =>
    mutate<Prompt>(
      'createPrompt',
      {
        workspaceId: requireWorkspaceId(),
        name: data.name?.trim(),
        slug: data.slug?.trim(),
        description: data.description?.trim() || undefined,
        version: data.version ? versionInput(data.version) : undefined,
      },
      FIELDS,
    ),
  update: (id, data) =>
    mutate<Prompt>(
      'updatePrompt',
      {
        workspaceId: requireWorkspaceId(),
        id: String(id),
        name: data.name?.trim(),
        description: data.description?.trim() ?? null,
      },
      FIELDS,
    ),
  delete: (id) => mutateIgnoringResult('deletePrompt', { workspaceId: requireWorkspaceId(), id: String(id) }),
};

/** A new immutable version (the next number), with labels moved onto it if asked. */
export async function createPromptVersion(promptId: string, version: PromptVersionForm): Promise<number> {
  const created = await mutate<{ version: number }>(
    'createPromptVersion',
    { workspaceId: requireWorkspaceId(), promptId, ...versionInput(version) },
    '{ version }',
  );
  return created.version;
}

/** Points a label at a version: creates it, or moves it from the version it named. */
export function setPromptLabel(promptId: string, label: string, version: number): Promise<void> {
  return mutateIgnoringResult('setPromptLabel', {
    workspaceId: requireWorkspaceId(),
    promptId,
    label,
    version,
  });
}

export function removePromptLabel(promptId: string, label: string): Promise<void> {
  return mutateIgnoringResult('removePromptLabel', { workspaceId: requireWorkspaceId(), promptId, label });
}
