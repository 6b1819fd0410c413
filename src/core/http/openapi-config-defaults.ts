import type { Type } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

type DefaultReader = { readonly section: Type<object>; readonly read: (section: object) => unknown };

/** DTO class name → property → where its default comes from. */
const defaults = new Map<string, Map<string, DefaultReader>>();

/**
 * Marks a DTO property whose default is a configuration value, so the OpenAPI document shows the default the
 * running service applies rather than one written into the decorator. `section` is a configuration section class
 * (injectable); `read` picks the value from it when the document is built.
 *
 * @example
 * @ApiPropertyOptional({ enum: RUN_MODES })
 * @ApiDefaultFromConfig(AutointelConfig, (c) => c.defaultMode)
 * mode?: string;
 */
export function ApiDefaultFromConfig<S extends object>(
  section: Type<S>,
  read: (section: S) => unknown,
): PropertyDecorator {
  return (target, property) => {
    const dto = (target as { constructor: Type<object> }).constructor.name;
    const props = defaults.get(dto) ?? new Map<string, DefaultReader>();
    props.set(String(property), { section, read: read as (section: object) => unknown });
    defaults.set(dto, props);
  };
}

/**
 * Writes the configured defaults into `document`'s component schemas (`resolve` returns the validated section
 * instance, e.g. `(type) => app.get(type, { strict: false })`). Schemas the document does not hold are skipped.
 */
export function applyConfigDefaults(document: OpenAPIObject, resolve: (section: Type<object>) => object): void {
  const schemas = document.components?.schemas ?? {};
  for (const [dto, props] of defaults) {
    const schema = schemas[dto] as { properties?: Record<string, Record<string, unknown>> } | undefined;
    for (const [property, { section, read }] of props) {
      const target = schema?.properties?.[property];
      if (target) target.default = read(resolve(section));
    }
  }
}
