/** Test doubles for Switchyard's own tests and benchmarks: fake upstream providers on real sockets. */
export { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from './fake-openai';
export { fakeEmbedding } from './fake-openai-behaviours';
export * as openAIFixtures from './fixtures/openai';
export { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './fake-anthropic';
export * as anthropicFixtures from './fixtures/anthropic';
export { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from './fake-gemini';
export * as geminiFixtures from './fixtures/gemini';
export { startFakeBedrock, FAKE_AWS_CREDENTIALS, type FakeBedrockOptions } from './fake-bedrock';
export { startFakeAzureOpenAI, type FakeAzureOpenAI, type FakeAzureOpenAIOptions } from './fake-azure-openai';
export { startFakeCohere, type FakeCohereOptions } from './fake-cohere';
export { startFakeMistral, type FakeMistralOptions } from './fake-mistral';
export type { FakeUpstream, RecordedRequest } from './fake-upstream';
export * as bedrockFixtures from './fixtures/bedrock';
export * as azureOpenAIFixtures from './fixtures/azure-openai';
export * as cohereFixtures from './fixtures/cohere';
export * as mistralFixtures from './fixtures/mistral';
export { startFakeMcp, type FakeMcp, type FakeMcpOptions, type FakeMcpTool } from './fake-mcp';
export { createTestCertificates, type TestCertificates } from './certificates';
export { startSecureNatsServer, natsServerBinary, type SecureNatsServer } from './nats-server';
export {
  startFaultyUpstream,
  UPSTREAM_FAULTS,
  type FaultyUpstream,
  type UpstreamFault,
} from './faulty-upstream';
