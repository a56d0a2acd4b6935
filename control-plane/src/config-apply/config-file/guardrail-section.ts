import type { GuardrailDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

/** One entry of a workspace's `guardrails:`; check params pass through for the server to check. */
export function readGuardrail(r: ConfigReader, value: unknown, path: string): GuardrailDocument {
  const m = r.mapping(value, path, ['name', 'stage', 'mode', 'action', 'checks', 'attach']);
  const guardrail: GuardrailDocument = {
    name: r.str(m.name, `${path}.name`),
    ...r.optionalStr(m.stage, 'stage', `${path}.stage`),
    ...r.optionalStr(m.mode, 'mode', `${path}.mode`),
    ...r.optionalStr(m.action, 'action', `${path}.action`),
    checks: r.listOf(m.checks, `${path}.checks`, (c, cp) => {
      const cm = r.mapping(c, cp, ['name', 'type', 'params', 'action']);
      return {
        type: r.str(cm.type, `${cp}.type`),
        ...r.optionalStr(cm.name, 'name', `${cp}.name`),
        ...r.optionalStr(cm.action, 'action', `${cp}.action`),
        ...(cm.params !== undefined && cm.params !== null
          ? { params: r.record(cm.params, `${cp}.params`) }
          : {}),
      };
    }),
  };
  if (m.attach !== undefined && m.attach !== null) {
    const ap = `${path}.attach`;
    const am = r.mapping(m.attach, ap, ['workspace', 'keys', 'routes']);
    guardrail.attach = {
      ...(am.workspace !== undefined ? { workspace: am.workspace === true } : {}),
      ...(am.keys !== undefined && am.keys !== null ? { keys: r.strings(am.keys, `${ap}.keys`) } : {}),
      ...(am.routes !== undefined && am.routes !== null
        ? { routes: r.strings(am.routes, `${ap}.routes`) }
        : {}),
    };
  }
  return guardrail;
}
