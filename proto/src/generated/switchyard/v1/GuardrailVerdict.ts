// Original file: switchyard/v1/telemetry.proto

export interface GuardrailVerdict {
  policy?: string;
  check?: string;
  stage?: string;
  verdict?: string;
  detail?: string;
}

export interface GuardrailVerdict__Output {
  policy: string;
  check: string;
  stage: string;
  verdict: string;
  detail: string;
}
