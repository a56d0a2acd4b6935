export { responsesFormat } from './responses-format';
export { responsesToChat } from './responses-request';
export { responseFromCompletion } from './responses-response';
export { ResponsesStreamEncoder } from './responses-stream';
