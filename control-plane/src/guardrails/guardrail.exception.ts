import { SwitchyardException } from '../errors/switchyard.exception';

export enum GuardrailExceptionCode {
  NOT_FOUND = 'GUARDRAIL_POLICY_NOT_FOUND',
  NAME_TAKEN = 'GUARDRAIL_POLICY_NAME_TAKEN',
  INVALID_CHECKS = 'GUARDRAIL_INVALID_CHECKS',
  INVALID_ATTACHMENT = 'GUARDRAIL_INVALID_ATTACHMENT',
  ATTACHMENT_NOT_FOUND = 'GUARDRAIL_ATTACHMENT_NOT_FOUND',
}

export class GuardrailException extends SwitchyardException<GuardrailExceptionCode> {}

export function guardrailPolicyNotFound(id: string): GuardrailException {
  return new GuardrailException(`Guardrail policy ${id} not found`, GuardrailExceptionCode.NOT_FOUND);
}
