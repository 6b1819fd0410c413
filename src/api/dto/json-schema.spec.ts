import Ajv from 'ajv';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { jsonSchemaOf } from './json-schema';
import { OrchestrateBodyDto } from './orchestrate.dto';

/** The ajv options the app gives Fastify (app.factory.ts). */
const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: true });

describe('jsonSchemaOf', () => {
  it('inlines nested DTOs and closes every object', () => {
    const sut = jsonSchemaOf(OrchestrateBodyDto);
    expect(sut).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        input: { type: 'object' },
        context: {
          type: 'object',
          additionalProperties: false,
          properties: {
            tenantId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
            metadata: { type: 'object' },
          },
        },
      },
    });
    expect(JSON.stringify(sut)).not.toContain('$ref');
  });

  it('throws for a class without class-validator metadata', () => {
    expect(() => jsonSchemaOf(class Nothing {})).toThrow('Nothing has no class-validator metadata');
  });

  describe('agrees with the class-validator DTO', () => {
    const validateSchema = ajv.compile(jsonSchemaOf(OrchestrateBodyDto));
    const validateDto = (body: object) =>
      validateSync(plainToInstance(OrchestrateBodyDto, body), { whitelist: true, forbidNonWhitelisted: true })
        .length === 0;

    it.each([
      [{}, true],
      [{ input: { a: 1 } }, true],
      [{ context: { tenantId: 'acme', workspaceId: 'w.1', requestId: 'r:1', metadata: { x: [1] } }, input: {} }, true],
      [{ input: [] }, false],
      [{ input: 'x' }, false],
      [{ context: [] }, false],
      [{ context: { tenantId: 5 } }, false],
      [{ context: { tenantId: '' } }, false],
      [{ context: { tenantId: 'a'.repeat(129) } }, false],
      [{ context: { tenantId: 'a b' } }, false],
      [{ context: { metadata: 'm' } }, false],
      [{ context: { tenant: 'x' } }, false],
      [{ inputs: {} }, false],
    ])('%j → valid: %s', (body, valid) => {
      expect(validateSchema(body)).toBe(valid);
      expect(validateDto(body)).toBe(valid);
    });

    it('differs on null only: @IsOptional() lets null through, the schema (what the API uses) rejects it', () => {
      expect(validateDto({ input: null })).toBe(true);
      expect(validateSchema({ input: null })).toBe(false);
    });
  });
});
