export { mistralAdapter, type MistralState } from './mistral-adapter';
export { mistralChatBody } from './chat-request';
export { mistralToolCallId } from './tool-call-ids';
