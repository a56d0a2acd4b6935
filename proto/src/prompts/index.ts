export {
  parsePromptTemplate,
  promptTemplateProblems,
  missingPromptVariables,
  renderPromptTemplate,
  PromptTemplateError,
  type ParsedPromptTemplate,
  type PromptTemplateMessage,
} from './template';
