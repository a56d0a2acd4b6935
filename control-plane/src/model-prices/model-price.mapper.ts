import type { SnapshotModelPrice } from '@switchyard/proto';
import type { ModelPriceDto } from './dtos/model-price.dto';
import type { ModelPriceEntity } from './model-price.entity';

export function toModelPriceDto(p: ModelPriceEntity): ModelPriceDto {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    providerKind: p.providerKind,
    model: p.model,
    inputPerMTok: Number(p.inputPerMTok),
    outputPerMTok: Number(p.outputPerMTok),
    cachedInputPerMTok: p.cachedInputPerMTok === null ? null : Number(p.cachedInputPerMTok),
    contextWindow: p.contextWindow,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** The snapshot's form: optional fields absent rather than null. */
export function toSnapshotModelPrice(p: ModelPriceEntity): SnapshotModelPrice {
  return {
    workspaceId: p.workspaceId,
    providerKind: p.providerKind,
    model: p.model,
    inputPerMTok: Number(p.inputPerMTok),
    outputPerMTok: Number(p.outputPerMTok),
    ...(p.cachedInputPerMTok === null ? {} : { cachedInputPerMTok: Number(p.cachedInputPerMTok) }),
    ...(p.contextWindow === null ? {} : { contextWindow: p.contextWindow }),
  };
}
