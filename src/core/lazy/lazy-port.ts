import type { InjectionToken } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { UnknownElementException } from '@nestjs/core/errors/exceptions/unknown-element.exception';

/** Raised when a port is used but no module provides it. */
export class PortNotProvidedError extends Error {
  constructor(readonly token: string) {
    super(`No provider for port ${token}: import the module that implements it`);
    this.name = 'PortNotProvidedError';
  }

  static is(e: unknown): e is PortNotProvidedError {
    return e instanceof PortNotProvidedError;
  }
}

/**
 * A cross-layer dependency resolved on first use through `ModuleRef` (non-strict, so any module may provide
 * it) and cached, so modules do not need each other at construction time.
 *
 * @example
 * private readonly resilience: LazyPort<ResiliencePort>;
 * constructor(moduleRef: ModuleRef) {
 *   // In the constructor, not a field initializer: with ES2022 class fields, initializers run before
 *   // constructor parameter properties are assigned.
 *   this.resilience = lazyPort(moduleRef, RESILIENCE_PORT);
 * }
 * // later, inside a method:
 * await this.resilience.get().execute('http', fn);
 */
export class LazyPort<T> {
  private resolved: T | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly token: InjectionToken,
  ) {}

  /** The provider; throws {@link PortNotProvidedError} naming the token when none exists. */
  get(): T {
    if (this.resolved === undefined) this.resolved = this.resolve();
    return this.resolved;
  }

  /** The provider, or undefined when no module provides it (for optional collaborators). */
  tryGet(): T | undefined {
    try {
      return this.get();
    } catch (e) {
      if (PortNotProvidedError.is(e)) return undefined;
      throw e;
    }
  }

  private resolve(): T {
    try {
      return this.moduleRef.get<T>(this.token, { strict: false });
    } catch (e) {
      if (e instanceof UnknownElementException) throw new PortNotProvidedError(tokenName(this.token));
      throw e;
    }
  }
}

export function lazyPort<T>(moduleRef: ModuleRef, token: InjectionToken): LazyPort<T> {
  return new LazyPort<T>(moduleRef, token);
}

function tokenName(token: InjectionToken): string {
  if (typeof token === 'function') return token.name;
  return String(token);
}
