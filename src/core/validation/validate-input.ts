import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationMessages } from './validation-messages';

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: string[] };

/**
 * An orchestrator input (or part of one) checked against a class-validator DTO, the same rules the REST route's
 * body gets: unknown fields are refused. Problems name the field under `path` (see `validationMessages`), e.g.
 * `key.roles must contain at least 1 elements`.
 */
export function validateInput<T extends object>(dto: Type<T>, value: unknown, path: string): Validated<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problems: [`${path} must be an object`] };
  const instance = plainToInstance(dto, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0
    ? { ok: true, value: instance }
    : { ok: false, problems: validationMessages(errors, path) };
}
