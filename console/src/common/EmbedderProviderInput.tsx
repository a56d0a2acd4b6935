import { ReferenceInput, SelectInput } from 'react-admin';

/**
 * Which provider embeds for a semantic feature (a route's intents, a semantic cache): one of
 * the workspace's providers, or none for the built-in local embedder.
 */
export const EmbedderProviderInput = ({ source, helperText }: { source: string; helperText: string }) => (
  <ReferenceInput source={source} reference="providers" sort={{ field: 'name', order: 'ASC' }}>
    <SelectInput
      label="Embedder"
      optionText="name"
      emptyText="Built-in local embedder"
      helperText={helperText}
    />
  </ReferenceInput>
);
