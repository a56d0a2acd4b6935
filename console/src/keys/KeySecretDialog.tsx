import { useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
  Tooltip,
} from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import CheckIcon from '@mui/icons-material/Check';
import { copyText } from '../common/copyText';

interface KeySecretDialogProps {
  /** E.g. “Virtual key “ci” created”. */
  title: string;
  secret: string;
  onClose: () => void;
}

/**
 * Shows a new key's secret, the only time it is ever available: the control plane keeps a hash.
 * The dialog cannot be dismissed by a stray click, only with the button.
 */
export const KeySecretDialog = ({ title, secret, onClose }: KeySecretDialogProps) => {
  const [copied, setCopied] = useState(false);
  const copy = async () => setCopied(await copyText(secret));
  return (
    <Dialog open maxWidth="sm" fullWidth data-testid="key-secret-dialog">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          Copy the secret now. It is shown only once: Switchyard stores only a hash of it.
        </Alert>
        <TextField
          value={secret}
          fullWidth
          label="Secret"
          onFocus={(event) => event.target.select()}
          slotProps={{
            input: {
              readOnly: true,
              sx: { fontFamily: 'monospace' },
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={copied ? 'Copied' : 'Copy to clipboard'}>
                    <IconButton onClick={copy} aria-label="Copy secret" edge="end">
                      {copied ? <CheckIcon color="success" /> : <ContentCopyIcon />}
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={copy} startIcon={<ContentCopyIcon />}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="contained" onClick={onClose}>
          I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
};
