import { ERRORS, GatewayError } from '../errors';
import type { MappedError } from '../providers/adapter-types';

/**
 * A `GatewayError` (e.g. thrown by `ClientFormat.toChat`) as the `MappedError` that
 * `ClientFormat.errorBody` renders, keeping the offending parameter for formats that show it.
 */
export function mappedError(err: GatewayError): MappedError & { param: string | null } {
  return {
    status: err.status,
    type: ERRORS[err.code].type,
    code: err.code,
    message: err.message,
    param: err.param,
  };
}

/** The parameter an error names, when it carries one (see `mappedError`). */
export function errorParam(error: MappedError): string | null {
  const param = (error as { param?: unknown }).param;
  return typeof param === 'string' ? param : null;
}
