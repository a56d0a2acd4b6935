import { OpenAIChatStream } from '../openai-shape';

/**
 * Azure OpenAI's chat stream: OpenAI's, except that Azure first sends the prompt's filter
 * annotations alone, in a chunk with no choices, no id and an empty `object`. Passed on,
 * that chunk breaks clients that read `choices[0]` of every chunk (and looks like a usage
 * chunk without usage), so its `prompt_filter_results` ride on the next chunk instead.
 */
export class AzureChatStream extends OpenAIChatStream {
  private promptFilterResults: unknown = undefined;

  protected override emit(chunk: Record<string, unknown>): void {
    const choices = chunk.choices;
    const bare =
      Array.isArray(choices) && choices.length === 0 && (chunk.usage === undefined || chunk.usage === null);
    if (bare && chunk.prompt_filter_results !== undefined) {
      this.promptFilterResults = chunk.prompt_filter_results;
      return;
    }
    if (this.promptFilterResults !== undefined && chunk.prompt_filter_results === undefined) {
      chunk.prompt_filter_results = this.promptFilterResults;
      this.promptFilterResults = undefined;
    }
    super.emit(chunk);
  }
}
