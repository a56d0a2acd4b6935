export interface GuardrailCheck {
  name: string;
  type: string;
  action: string | null;
  params: Record<string, unknown>;
}

export interface GuardrailAttachment {
  id: string;
  policyId: string;
  keyId: string | null;
  routeId: string | null;
}

export interface GuardrailPolicy {
  id: string;
  workspaceId: string;
  name: string;
  stage: string;
  mode: string;
  action: string;
  checks: GuardrailCheck[];
  attachments: GuardrailAttachment[];
  createdAt: string;
  updatedAt: string;
}

export interface GuardrailCheckType {
  type: string;
  description: string;
  external: boolean;
  redacts: boolean;
  stages: string[];
}

export interface GuardrailVerdict {
  check: string;
  policy: string;
  stage: string;
  verdict: string;
  detail: string | null;
}

export interface GuardrailTryResult {
  text: string;
  denied: GuardrailVerdict | null;
  verdicts: GuardrailVerdict[];
}
