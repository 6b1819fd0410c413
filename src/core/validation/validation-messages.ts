import type { ValidationError } from 'class-validator';

/** One message per problem, each naming the field by its full path (`context.tenantId …`, `input.url …`). */
export function validationMessages(errors: readonly ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    // A field whose name is empty (`{"": 1}`, `?=x`) is named as `""`; a nameless error is about the value itself.
    if (error.property === '' && error.constraints?.whitelistValidation) {
      out.push(`${prefix ? `${prefix}.` : ''}"" is not an allowed field`);
      continue;
    }
    if (error.property === undefined || error.property === '') {
      out.push(`${prefix || 'body'} must be a JSON object`);
      continue;
    }
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    for (const [rule, message] of constraints) {
      // "nested property x must be either object or array" repeats what @IsObject() already said.
      if (rule === 'nestedValidation' && constraints.length > 1) continue;
      if (rule === 'whitelistValidation') out.push(`${path} is not an allowed field`);
      else if (rule === 'unknownValue') out.push(`${path} must be a JSON object`);
      else
        out.push(
          message.startsWith(error.property) ? path + message.slice(error.property.length) : `${path}: ${message}`,
        );
    }
    if (error.children?.length) out.push(...validationMessages(error.children, path));
  }
  return out;
}
