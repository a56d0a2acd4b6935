import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateModelPriceInput,
  DeleteModelPriceInput,
  UpdateModelPriceInput,
} from './dtos/model-price.inputs';
import { ModelPriceEntity } from './model-price.entity';
import { modelPriceNotFound, modelPriceTaken } from './model-price.exception';

/** Workspace price overrides; each change is compiled into the snapshot's `modelPrices`. */
@Injectable()
export class ModelPricesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(
    workspaceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModelPriceEntity[]> {
    await this.workspaces.get(workspaceId, manager);
    return manager.find(ModelPriceEntity, {
      where: { workspaceId },
      order: { providerKind: 'ASC', model: 'ASC' },
    });
  }

  async create(input: CreateModelPriceInput): Promise<ModelPriceEntity> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      return this.save(
        manager,
        manager.create(ModelPriceEntity, {
          id: randomUUID(),
          workspaceId: input.workspaceId,
          providerKind: input.providerKind,
          model: input.model,
          inputPerMTok: String(input.inputPerMTok),
          outputPerMTok: String(input.outputPerMTok),
          cachedInputPerMTok: input.cachedInputPerMTok == null ? null : String(input.cachedInputPerMTok),
          contextWindow: input.contextWindow ?? null,
        }),
      );
    });
  }

  async update(input: UpdateModelPriceInput): Promise<ModelPriceEntity> {
    return this.changes.run(async (manager) => {
      const price = await this.get(manager, input.workspaceId, input.id);
      if (input.inputPerMTok != null) price.inputPerMTok = String(input.inputPerMTok);
      if (input.outputPerMTok != null) price.outputPerMTok = String(input.outputPerMTok);
      if (input.cachedInputPerMTok !== undefined)
        price.cachedInputPerMTok =
          input.cachedInputPerMTok === null ? null : String(input.cachedInputPerMTok);
      if (input.contextWindow !== undefined) price.contextWindow = input.contextWindow;
      return this.save(manager, price);
    });
  }

  async delete(input: DeleteModelPriceInput): Promise<ModelPriceEntity> {
    return this.changes.run(async (manager) => {
      const price = await this.get(manager, input.workspaceId, input.id);
      await manager.delete(ModelPriceEntity, { id: price.id, workspaceId: price.workspaceId });
      return price;
    });
  }

  async save(manager: EntityManager, price: ModelPriceEntity): Promise<ModelPriceEntity> {
    try {
      return await manager.save(price);
    } catch (error) {
      if (uniqueViolation(error)) throw modelPriceTaken(price.providerKind, price.model);
      throw error;
    }
  }

  private async get(manager: EntityManager, workspaceId: string, id: string): Promise<ModelPriceEntity> {
    const price = await manager.findOne(ModelPriceEntity, { where: { id, workspaceId } });
    if (!price) throw modelPriceNotFound(id);
    return price;
  }
}
