export { bedrockAdapter, type BedrockState } from './bedrock-adapter';
export { ConverseStream } from './converse-stream';
export { encodeEvent, EventStreamFrames } from './event-stream';
