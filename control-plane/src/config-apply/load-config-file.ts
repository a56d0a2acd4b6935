import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { readFile } from 'node:fs/promises';
import { InputException, InputExceptionCode, describeValidationErrors } from '../errors/input.exception';
import { parseConfigYaml } from './config-file/parse-config-yaml';
import { ApplyConfigInput } from './dtos/apply-config.input';

/**
 * Reads a config file into a validated `ApplyConfigInput`, checked by the same rules the
 * GraphQL API applies (used for SWITCHYARD_CONFIG at start).
 */
export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv): Promise<ApplyConfigInput> {
  const document = parseConfigYaml(await readFile(path, 'utf8'), env, path);
  const input = plainToInstance(ApplyConfigInput, document);
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new InputException(
      `${path}: ${describeValidationErrors(errors).join('; ')}`,
      InputExceptionCode.INVALID_INPUT,
    );
  }
  return input;
}
