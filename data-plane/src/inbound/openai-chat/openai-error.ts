import type { MappedError } from '../../providers/adapter-types';
import { errorParam } from '../mapped-error';

/** OpenAI's error body: `{"error":{"message","type","param","code"}}` (`param` null unless the error names one). */
export function openAIErrorBody(error: MappedError): { error: Record<string, unknown> } {
  return {
    error: { message: error.message, type: error.type, param: errorParam(error), code: error.code },
  };
}
