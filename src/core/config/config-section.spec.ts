import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsString, Matches, ValidateNested } from 'class-validator';
import { AppConfig } from './app-config';
import { defineConfigSection } from './config-section';
import { ConfigSectionError } from './config-section.error';
import { validateConfig } from './config.loader';

class RetryConfig {
  @IsInt() attempts = 3;
}

class KindsConfig {
  @IsInt() count = 1;
  @IsNumber() ratio = 0.5;
  @IsBoolean() enabled = true;
  @IsIn(['a', 'b']) mode: 'a' | 'b' = 'a';
  @Matches(/^x/) name = 'x1';
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @ValidateNested() @Type(() => RetryConfig) retry = new RetryConfig();
}

const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (ConfigSectionError.is(e)) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigSectionError');
};

describe(defineConfigSection.name, () => {
  describe('env', () => {
    it('parses each bound variable by its field’s rules', () => {
      const sut = defineConfigSection({
        key: 'kinds',
        schema: KindsConfig,
        env: { count: 'K_COUNT', ratio: 'K_RATIO', enabled: 'K_ON', mode: 'K_MODE', name: 'K_NAME', tags: 'K_TAGS' },
      });
      expect(sut.env.map((b) => [b.env, b.field, b.kind])).toEqual([
        ['K_COUNT', 'count', 'int'],
        ['K_RATIO', 'ratio', 'number'],
        ['K_ON', 'enabled', 'bool'],
        ['K_MODE', 'mode', 'string'],
        ['K_NAME', 'name', 'string'],
        ['K_TAGS', 'tags', 'list'],
      ]);
    });

    it('rejects a variable bound to a field that cannot be read from text', () => {
      expect(thrown(() => defineConfigSection({ key: 'nested', schema: KindsConfig, env: { retry: 'N_RETRY' } }))).toBe(
        'nested.retry (env N_RETRY) must be validated as an integer, number, boolean, string or list of strings',
      );
    });

    it('rejects a variable bound twice, naming both keys', () => {
      defineConfigSection({ key: 'first', schema: RetryConfig, env: { attempts: 'SHARED_ATTEMPTS' } });
      expect(
        thrown(() => defineConfigSection({ key: 'second', schema: RetryConfig, env: { attempts: 'SHARED_ATTEMPTS' } })),
      ).toBe('Environment variable SHARED_ATTEMPTS is bound to both first.attempts and second.attempts');
    });

    it('rejects a name that is not an environment variable name', () => {
      expect(
        thrown(() => defineConfigSection({ key: 'lower', schema: RetryConfig, env: { attempts: 'attempts' } })),
      ).toBe('lower.attempts: "attempts" is not an environment variable name (A-Z, 0-9, _)');
    });
  });

  describe('key', () => {
    it('rejects a key that is not lowerCamelCase', () => {
      expect(thrown(() => defineConfigSection({ key: 'My-Feature', schema: RetryConfig }))).toBe(
        'Config section key "My-Feature" must be a lowerCamelCase name of at most 64 characters',
      );
    });

    it('rejects a second section under the same key', () => {
      defineConfigSection({ key: 'twice', schema: RetryConfig });
      expect(thrown(() => defineConfigSection({ key: 'twice', schema: KindsConfig }))).toBe(
        'Config section "twice" is declared twice (RetryConfig, KindsConfig)',
      );
    });
  });

  describe('provider', () => {
    class SalutationConfig {
      @IsString() salutation = 'Hello';
    }
    const section = defineConfigSection({ key: 'salutations', schema: SalutationConfig });

    @Injectable()
    class Greeter {
      constructor(readonly config: SalutationConfig) {}
    }

    it('injects the validated section as its class', async () => {
      const config = validateConfig({ salutations: { salutation: 'Hej' } });
      const moduleRef = await Test.createTestingModule({
        providers: [{ provide: AppConfig, useValue: config }, section.provider, Greeter],
      }).compile();
      const sut = moduleRef.get(Greeter);
      expect(sut.config).toBe((config as unknown as Record<string, unknown>).salutations);
      expect(sut.config).toEqual(Object.assign(new SalutationConfig(), { salutation: 'Hej' }));
      await moduleRef.close();
    });

    it('fails, naming the section, when the configuration was validated before the section was declared', () => {
      class LateConfig {
        @IsString() name = 'late';
      }
      const config = validateConfig({});
      const late = defineConfigSection({ key: 'late', schema: LateConfig });
      expect(thrown(() => late.provider.useFactory(config))).toBe(
        'Config section "late" (LateConfig) is missing from the configuration given to the application: it was ' +
          'validated before the file declaring the section was loaded',
      );
    });
  });
});
