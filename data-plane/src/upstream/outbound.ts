import { buildConnector } from 'undici';
import type { OutboundPolicy } from '@switchyard/proto';

/**
 * undici's connector with the installation's outbound policy: a literal address is checked
 * before dialling, a name by the addresses it resolves to (the policy's `lookup`), so DNS
 * cannot smuggle a request to a private address.
 */
export function guardedConnector(
  policy: OutboundPolicy,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: policy.lookup } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const refused = policy.connectProblem(opts.hostname);
    if (refused) {
      callback(refused, null);
      return;
    }
    connect(opts, callback);
  };
}
