export { cohereAdapter, type CohereState } from './cohere-adapter';
export { CohereChatStream } from './chat-stream';
