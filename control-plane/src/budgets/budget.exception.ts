import { SwitchyardException } from '../errors/switchyard.exception';

export enum BudgetExceptionCode {
  NOT_FOUND = 'BUDGET_NOT_FOUND',
  NAME_TAKEN = 'BUDGET_NAME_TAKEN',
  INVALID = 'BUDGET_INVALID',
  UNKNOWN_KEY = 'BUDGET_UNKNOWN_KEY',
}

export class BudgetException extends SwitchyardException<BudgetExceptionCode> {}

export function budgetNotFound(id: string): BudgetException {
  return new BudgetException(`Budget ${id} not found`, BudgetExceptionCode.NOT_FOUND);
}

export function invalidBudget(message: string): BudgetException {
  return new BudgetException(message, BudgetExceptionCode.INVALID);
}
