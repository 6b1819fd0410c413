import { Injectable, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { lazyPort, PortNotProvidedError, type LazyPort } from './lazy-port';

const GREETER_PORT = Symbol('GREETER_PORT');
interface Greeter {
  greet(name: string): string;
}

let constructed = 0;
@Injectable()
class EnglishGreeter implements Greeter {
  constructor() {
    constructed++;
  }
  greet(name: string) {
    return `hello ${name}`;
  }
}

@Module({ providers: [{ provide: GREETER_PORT, useClass: EnglishGreeter }] })
class ProviderModule {}

@Injectable()
class Consumer {
  readonly greeter: LazyPort<Greeter>;
  readonly missing: LazyPort<Greeter>;
  constructor(readonly moduleRef: ModuleRef) {
    this.greeter = lazyPort(moduleRef, GREETER_PORT);
    this.missing = lazyPort(moduleRef, 'MISSING_PORT');
  }
}

@Module({ providers: [Consumer] })
class ConsumerModule {}

describe('LazyPort', () => {
  it('resolves a port another module provides on first use, once', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule, ProviderModule] }).compile();
    const sut = moduleRef.get(Consumer).greeter;
    const getSpy = jest.spyOn(moduleRef.get(Consumer).moduleRef, 'get');
    expect(sut.get().greet('ada')).toBe('hello ada');
    expect(sut.get()).toBe(sut.get());
    expect(getSpy).toHaveBeenCalledTimes(1);
    expect(getSpy.mock.calls[0][0]).toBe(GREETER_PORT);
    expect(constructed).toBe(1);
  });

  it('does not hide errors other than a missing provider', () => {
    const broken = lazyPort<Greeter>(undefined as unknown as ModuleRef, GREETER_PORT);
    expect(() => broken.get()).toThrow(TypeError);
  });

  it('names the token when no module provides it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    const sut = moduleRef.get(Consumer);
    expect(() => sut.greeter.get()).toThrow(new PortNotProvidedError('Symbol(GREETER_PORT)'));
    expect(() => sut.missing.get()).toThrow('No provider for port MISSING_PORT: import the module that implements it');
    expect(sut.missing.tryGet()).toBeUndefined();
  });
});
