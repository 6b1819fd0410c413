import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { validationException } from './validation-exception.factory';

/**
 * The global validation pipe, which also refuses a body that is not a JSON object (an array, a string, null) for a
 * route that declares a DTO — class-validator would otherwise read an array's indexes as fields.
 */
export class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The whole body only (`@Body()`), not a named part of it (`@Body('x')`, a GraphQL `@Args('input')`).
    const dto =
      metadata.type === 'body' &&
      metadata.data === undefined &&
      metadata.metatype !== undefined &&
      this.toValidate(metadata);
    if (dto && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw validationException(['body must be a JSON object']);
    return super.transform(value, metadata);
  }
}
