/** Test doubles for Switchyard's own tests and benchmarks: fake upstream providers on real sockets. */
export {
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type RecordedRequest,
} from './fake-openai';
export * as openAIFixtures from './fixtures/openai';
export { startFakeMcp, type FakeMcp, type FakeMcpOptions, type FakeMcpTool } from './fake-mcp';
