import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BudgetIndex, indexedBudget } from './budget-index';
import { BudgetEntity } from './budget.entity';

/** A change made by another control-plane replica is seen within this long. */
const MAX_AGE_MS = 5000;

/**
 * The budget index usage ingest matches records against: built from the budgets table at
 * most once per `MAX_AGE_MS` (and at once after a budget changes here), never per record.
 */
@Injectable()
export class BudgetIndexService {
  private index: BudgetIndex | null = null;
  private loadedAt = 0;
  private loading: Promise<BudgetIndex> | null = null;
  private generation = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(): Promise<BudgetIndex> {
    if (this.index && Date.now() - this.loadedAt < MAX_AGE_MS) return this.index;
    return (this.loading ??= this.load().finally(() => (this.loading = null)));
  }

  /** Budgets changed: the next ingest reloads. */
  invalidate(): void {
    this.generation++;
    this.index = null;
  }

  private async load(): Promise<BudgetIndex> {
    const generation = this.generation;
    const rows = await this.dataSource.manager.find(BudgetEntity, { order: { id: 'ASC' } });
    const index = new BudgetIndex(rows.map(indexedBudget));
    if (generation === this.generation) {
      this.index = index;
      this.loadedAt = Date.now();
    }
    return index;
  }
}
