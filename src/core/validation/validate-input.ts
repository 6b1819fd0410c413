import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: string[] };

/**
 * An orchestrator input (or part of one) checked against a class-validator DTO, the same rules the REST route's
 * body gets: unknown fields are refused, nothing is coerced. Problems name the field under `path`, e.g.
 * `key.roles must contain at least 1 elements`.
 */
export function validateInput<T extends object>(dto: Type<T>, value: unknown, path: string): Validated<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problems: [`${path} must be an object`] };
  const instance = plainToInstance(dto, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { ok: true, value: instance };
  return { ok: false, problems: errors.flatMap((e) => messages(e, path)) };
}

function messages(error: ValidationError, parent: string): string[] {
  const path = `${parent}.${error.property}`;
  const own = Object.entries(error.constraints ?? {}).map(([kind, text]) =>
    kind === 'whitelistValidation' ? `${path} is not an allowed field` : text.replace(error.property, path),
  );
  return [...own, ...(error.children ?? []).flatMap((c) => messages(c, path))];
}
