/** OpenAI `tools`, `tool_choice` and `parallel_tool_calls` in Anthropic's terms. */

const EMPTY_SCHEMA = { type: 'object', properties: {} };

/**
 * OpenAI function tools as Anthropic tools (`name`, `description`, `input_schema`). Tools of
 * other types (Anthropic's own server tools, e.g. `{"type":"web_search_20250305",…}`) are
 * passed on as they are. Undefined when there are none.
 */
export function translateTools(tools: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool: Record<string, unknown>) => {
    if (tool?.type !== 'function') return tool;
    const fn = (tool.function ?? {}) as { name?: unknown; description?: unknown; parameters?: unknown };
    const out: Record<string, unknown> = { name: fn.name, input_schema: fn.parameters ?? EMPTY_SCHEMA };
    if (typeof fn.description === 'string') out.description = fn.description;
    if (tool.cache_control !== undefined) out.cache_control = tool.cache_control;
    return out;
  });
}

/**
 * OpenAI `tool_choice` as Anthropic's: `auto` → auto, `none` → none, `required` → any, a named
 * function → tool. `parallel_tool_calls: false` becomes `disable_parallel_tool_use` (on an
 * `auto` choice when none was given). Undefined when there is nothing to say.
 */
export function translateToolChoice(choice: unknown, parallel: unknown): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  if (choice === 'auto') out = { type: 'auto' };
  else if (choice === 'none') out = { type: 'none' };
  else if (choice === 'required') out = { type: 'any' };
  else if (choice && typeof choice === 'object') {
    const c = choice as { type?: unknown; function?: { name?: unknown } };
    if (c.type === 'function' && typeof c.function?.name === 'string')
      out = { type: 'tool', name: c.function.name };
    else if (typeof c.type === 'string' && c.type !== 'function') out = c as Record<string, unknown>; // Anthropic's own shape
  }
  if (parallel === false && out?.type !== 'none')
    out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}
