import { ArrayInput, NumberInput, SelectInput, SimpleFormIterator, TextInput, required } from 'react-admin';
import { Stack } from '@mui/material';
import { linesText } from '../common/textValues';
import { EmbedderProviderInput } from '../common/EmbedderProviderInput';
import { SettingsPanel } from '../common/SettingsPanel';
import { TargetIndexInput } from './TargetIndexInput';

const keepText = (value: string) => value;
const needsExamples = (value: unknown) => (linesText(value).trim() ? undefined : 'Give at least one example');
const EMBED_ERROR_CHOICES = [
  { id: 'default', name: 'Use the default target' },
  { id: 'fail', name: 'Answer 503' },
];

/**
 * `semantic`: each intent lists example utterances; the last user message goes to the intent it
 * is most similar to, when the similarity clears the threshold.
 */
export const SemanticInputs = () => (
  <SettingsPanel title="Semantic intents" summary="examples decide which target answers" defaultExpanded>
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
      <EmbedderProviderInput
        source="semantic.embedder.providerId"
        helperText="A provider with an embeddings model, or the offline one"
      />
      <TextInput
        source="semantic.embedder.model"
        label="Embeddings model"
        helperText="e.g. text-embedding-3-small"
      />
      <NumberInput
        source="semantic.threshold"
        label="Threshold"
        min={0}
        max={1}
        step={0.05}
        defaultValue={0.6}
        validate={required()}
        helperText="Cosine similarity (0–1)"
      />
    </Stack>
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
      <TargetIndexInput
        source="semantic.defaultTarget"
        label="When no intent matches"
        optional
        emptyText="Answer 404 no_intent_matched"
      />
      <SelectInput
        source="semantic.onEmbedError"
        label="When embedding fails"
        choices={EMBED_ERROR_CHOICES}
        defaultValue="default"
        helperText={false}
      />
    </Stack>
    <ArrayInput
      source="semantic.intents"
      label="Intents"
      defaultValue={[{ name: '', examples: '', target: 0 }]}
      validate={required()}
    >
      <SimpleFormIterator getItemLabel={(index) => `Intent ${index + 1}`} fullWidth>
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
          <TextInput source="name" label="Intent" validate={required()} helperText={false} />
          <TargetIndexInput source="target" label="Target" />
          <NumberInput
            source="threshold"
            label="Own threshold"
            min={0}
            max={1}
            step={0.05}
            helperText="Empty: the route's"
          />
        </Stack>
        <TextInput
          source="examples"
          label="Example utterances"
          format={linesText}
          parse={keepText}
          validate={needsExamples}
          multiline
          minRows={3}
          helperText="One per line"
        />
      </SimpleFormIterator>
    </ArrayInput>
  </SettingsPanel>
);
