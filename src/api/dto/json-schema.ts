import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  [k: string]: unknown;
};

let definitions: Record<string, Schema> | undefined;

/**
 * The JSON Schema of a class-validator DTO (via class-validator-jsonschema), for Fastify to validate a route's body
 * with a compiled ajv validator before Nest sees it: nested DTOs are inlined and every DTO object is closed
 * (`additionalProperties: false`, the `forbidNonWhitelisted` of the ValidationPipe). One definition, two
 * validators: the DTO stays the source for OpenAPI and for the tests that check both agree.
 */
export function jsonSchemaOf(dto: { name: string }): Schema {
  definitions ??= validationMetadatasToSchemas({ refPointerPrefix: '#/definitions/' }) as Record<string, Schema>;
  const schema = definitions[dto.name];
  if (!schema) throw new Error(`${dto.name} has no class-validator metadata`);
  return close(schema);
}

function close(schema: Schema): Schema {
  if (schema.$ref) return jsonSchemaOf({ name: schema.$ref.replace('#/definitions/', '') });
  if (!schema.properties) return { ...schema };
  const properties: Record<string, Schema> = {};
  for (const [key, value] of Object.entries(schema.properties)) properties[key] = close(value);
  return { ...schema, properties, additionalProperties: false };
}
