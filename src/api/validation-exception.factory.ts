import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { validationMessages } from '../core/validation/validation-messages';

/** A 400 whose message lists every problem (GraphQL shows it as is); `details` keeps them apart for REST. */
export function validationException(messages: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, message: messages.join('; '), details: messages });
}

export function validationExceptionFactory(errors: ValidationError[]): BadRequestException {
  return validationException(validationMessages(errors));
}
