import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiDefaultFromConfig, applyConfigDefaults } from './openapi-config-defaults';

class RunsConfig {
  defaultMode = 'autonomous';
}

class StartDto {
  @ApiDefaultFromConfig(RunsConfig, (c) => c.defaultMode)
  mode?: string;
}

const documentWith = (schemas: Record<string, unknown>) =>
  ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }) as OpenAPIObject;

describe(applyConfigDefaults.name, () => {
  it('writes the configured value as the property default', () => {
    const doc = documentWith({ [StartDto.name]: { type: 'object', properties: { mode: { type: 'string' } } } });
    const config = new RunsConfig();
    config.defaultMode = 'enhanced';
    applyConfigDefaults(doc, () => config);
    expect(doc.components?.schemas?.[StartDto.name]).toEqual({
      type: 'object',
      properties: { mode: { type: 'string', default: 'enhanced' } },
    });
  });

  it('skips schemas and properties the document does not hold', () => {
    const doc = documentWith({});
    expect(() => applyConfigDefaults(doc, () => new RunsConfig())).not.toThrow();
    expect(doc.components?.schemas).toEqual({});
  });
});
