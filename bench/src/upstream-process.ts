/**
 * The fake OpenAI upstream in a process of its own, so that its work is not charged to the
 * load generator or to any gateway. Logs `{"msg":"fake upstream ready","baseUrl":…}`.
 */
import { startFakeOpenAI } from '@switchyard/data-plane/testing';

async function main() {
  const apiKey = process.env.BENCH_UPSTREAM_KEY;
  if (!apiKey) throw new Error('BENCH_UPSTREAM_KEY must be set');
  // A benchmark sends hundreds of thousands of requests: do not keep them.
  const upstream = await startFakeOpenAI({ apiKey, record: false });
  console.log(JSON.stringify({ msg: 'fake upstream ready', baseUrl: upstream.baseUrl }));
  process.once('SIGTERM', () => {
    void upstream.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
