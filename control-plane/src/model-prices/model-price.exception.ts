import { SwitchyardException } from '../errors/switchyard.exception';

export enum ModelPriceExceptionCode {
  NOT_FOUND = 'MODEL_PRICE_NOT_FOUND',
  /** The workspace already has a price for this provider kind and model. */
  TAKEN = 'MODEL_PRICE_TAKEN',
}

export class ModelPriceException extends SwitchyardException<ModelPriceExceptionCode> {}

export function modelPriceNotFound(id: string): ModelPriceException {
  return new ModelPriceException(`Model price ${id} not found`, ModelPriceExceptionCode.NOT_FOUND);
}

export function modelPriceTaken(providerKind: string, model: string): ModelPriceException {
  return new ModelPriceException(
    `This workspace already has a price for ${providerKind}/${model}`,
    ModelPriceExceptionCode.TAKEN,
  );
}
