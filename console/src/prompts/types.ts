export interface PromptMessage {
  role: string;
  content: string;
}

export interface PromptVersion {
  promptId: string;
  version: number;
  model: string;
  messages: PromptMessage[];
  params: Record<string, unknown>;
  variables: string[];
  optionalVariables: string[];
  labels: string[];
  served: boolean;
  createdAt: string;
  createdBy: string;
}

export interface PromptLabel {
  label: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Prompt {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  description: string | null;
  latestVersion: number | null;
  labels: PromptLabel[];
  versions: PromptVersion[];
  createdAt: string;
  updatedAt: string;
}
