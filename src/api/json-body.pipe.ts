import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validationException } from './validation-exception.factory';

/** Rejects bodies that are not JSON objects (arrays, strings, numbers) before field validation; a missing body is `{}`. */
@Injectable()
export class JsonBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Only a whole REST body bound to a DTO class (`@Body() dto: Dto`); named GraphQL args also arrive as 'body'.
    if (metadata.type !== 'body' || metadata.data !== undefined || typeof metadata.metatype !== 'function' || metadata.metatype === Object) return value;
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw validationException(['body must be a JSON object']);
    return value;
  }
}
