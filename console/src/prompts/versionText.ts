import type { PromptVersion } from './types';

/** A version as text for the diff: route, parameters, then each message under its role. */
export function versionText(version: PromptVersion): string {
  const lines = [`route: ${version.model}`, `params: ${JSON.stringify(version.params)}`];
  for (const message of version.messages) lines.push('', `[${message.role}]`, ...message.content.split('\n'));
  return lines.join('\n');
}
