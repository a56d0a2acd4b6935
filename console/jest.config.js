// The console package is ESM ("type": "module"), so this config is too; the preset is CommonJS.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export default require('../jest.preset')(dirname(fileURLToPath(import.meta.url)), 'console');
