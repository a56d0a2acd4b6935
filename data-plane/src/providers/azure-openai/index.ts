export { azureOpenAIAdapter, DEFAULT_AZURE_API_VERSION, type AzureOpenAIState } from './azure-openai-adapter';
export { AZURE_OPENAI_SCOPE, EntraTokenSource } from './entra-token';
