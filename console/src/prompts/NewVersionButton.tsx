import { useState } from 'react';
import { Form, SaveButton, useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { createPromptVersion, type PromptVersionForm } from '../dataProvider/prompts';
import type { Prompt } from './types';
import { PromptVersionInputs } from './PromptVersionInputs';

/** Opens a form prefilled with the newest version; saving adds the next version (versions never change). */
export const NewVersionButton = () => {
  const prompt = useRecordContext<Prompt>();
  const refresh = useRefresh();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'prompts', action: 'edit' });
  if (!prompt || !canAccess) return null;
  const latest = prompt.versions[0];
  const defaults = {
    version: latest
      ? { model: latest.model, messages: latest.messages, params: latest.params, labels: [] }
      : { messages: [{ role: 'system', content: '' }] },
  };
  const save = async (values: Record<string, unknown>) => {
    try {
      const version = await createPromptVersion(prompt.id, values.version as PromptVersionForm);
      notify(`Version ${version} created`, { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  return (
    <>
      <Button startIcon={<AddIcon />} onClick={() => setOpen(true)} size="small">
        New version
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="md"
        fullWidth
        aria-labelledby="new-version-title"
      >
        <Form defaultValues={defaults} onSubmit={save}>
          <DialogTitle id="new-version-title">New version of {prompt.name}</DialogTitle>
          <DialogContent>
            <PromptVersionInputs source="version" />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <SaveButton label="Create version" alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
