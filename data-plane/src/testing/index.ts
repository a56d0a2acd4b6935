/** Test doubles for Switchyard's own tests and benchmarks: fake upstream providers on real sockets. */
export {
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type RecordedRequest,
} from './fake-openai';
export * as openAIFixtures from './fixtures/openai';
export { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './fake-anthropic';
export * as anthropicFixtures from './fixtures/anthropic';
export { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from './fake-gemini';
export * as geminiFixtures from './fixtures/gemini';
