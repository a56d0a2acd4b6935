export interface BudgetStatus {
  budgetId: string;
  exhausted: boolean;
  percentUsed: number;
  spentMicroUsd: number;
  spentTokens: number;
  remainingMicroUsd: number | null;
  remainingTokens: number | null;
  windowStart: string;
  resetsAt: string | null;
}

export interface Budget {
  id: string;
  workspaceId: string;
  name: string;
  scope: 'workspace' | 'key' | 'tag';
  keyId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  period: 'daily' | 'weekly' | 'monthly' | 'total';
  timezone: string;
  limitMicroUsd: number | null;
  limitTokens: number | null;
  hardStop: boolean;
  alertThresholds: number[];
  webhookUrl: string | null;
  webhookSigned: boolean;
  status: BudgetStatus;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetEvent {
  id: string;
  budgetId: string;
  threshold: number;
  spentMicroUsd: number;
  spentTokens: number;
  windowStart: string;
  webhookStatus: string;
  webhookAttempts: number;
  webhookError: string | null;
  createdAt: string;
}
