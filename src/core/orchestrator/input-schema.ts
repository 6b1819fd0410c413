import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationMessages } from '../validation/validation-messages';
import type { InputSchema, OrchestrationInput } from './orchestrator.types';

/** Checks one call's input; the problems, each naming its field as `input.<field>`, or none. */
export type InputCheck = (input: OrchestrationInput) => readonly string[];

/**
 * The check of an {@link InputSchema}: class-validator with unknown fields refused and nothing coerced (the
 * orchestrator receives the input as given, not the DTO instance).
 *
 * @example inputCheck(RunInputDto)({ url: 'https://example.org', localFiles: 'any' })
 * // ['input.localFiles is not an allowed field']
 */
export function inputCheck(schema: InputSchema): InputCheck {
  return (input) =>
    validationMessages(
      validateSync(plainToInstance(schema, input), { whitelist: true, forbidNonWhitelisted: true }),
      'input',
    );
}
