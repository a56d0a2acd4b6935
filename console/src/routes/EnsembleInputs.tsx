import {
  NumberInput,
  SelectInput,
  SourceContextProvider,
  TextInput,
  required,
  useSourceContext,
} from 'react-admin';
import { Stack, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { SettingsPanel } from '../common/SettingsPanel';
import { ENSEMBLE_MODES } from './types';
import { TargetInputs } from './TargetInputs';

const MODE_CHOICES = ENSEMBLE_MODES.map((mode) => ({ id: mode, name: mode }));
const MODE_HELP: Record<string, string> = {
  synthesize: 'A judge merges the answers into one',
  select: 'A judge picks the best answer',
  vote: 'The most common answer wins',
  first: 'The first answer to arrive wins',
};

/** The judge's inputs are a target's, under `ensemble.judge`. */
const JudgeInputs = () => {
  const parent = useSourceContext();
  const judge = {
    getSource: (source: string) => parent.getSource(`ensemble.judge.${source}`),
    getLabel: (source: string) => parent.getLabel(`ensemble.judge.${source}`),
  };
  return (
    <SourceContextProvider value={judge}>
      <TargetInputs />
    </SourceContextProvider>
  );
};

/** `ensemble`: every target answers in parallel (a panel); the mode says how answers become one. */
export const EnsembleInputs = () => {
  const mode = useWatch({ name: 'ensemble.mode' }) as string | undefined;
  const needsJudge = mode === 'synthesize' || mode === 'select';
  return (
    <SettingsPanel title="Ensemble panel" summary="every target answers; the mode combines" defaultExpanded>
      <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
        <SelectInput
          source="ensemble.mode"
          label="Mode"
          choices={MODE_CHOICES}
          defaultValue="first"
          validate={required()}
          helperText={mode ? MODE_HELP[mode] : false}
        />
        <NumberInput
          source="ensemble.minResponses"
          label="Min responses"
          min={1}
          helperText="Answers needed before combining (default 1)"
        />
        <NumberInput
          source="ensemble.deadlineMs"
          label="Deadline (ms)"
          min={1}
          helperText="Members still running are cancelled (default 30000)"
        />
      </Stack>
      {needsJudge && (
        <>
          <Typography variant="subtitle2" sx={{ mt: 1 }}>
            Judge
          </Typography>
          <JudgeInputs />
          <TextInput
            source="ensemble.judgePrompt"
            label="Judge prompt"
            multiline
            minRows={2}
            helperText="Empty: the built-in instructions"
          />
        </>
      )}
    </SettingsPanel>
  );
};
