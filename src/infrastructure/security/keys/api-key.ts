import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PATTERN } from '../security.config';

/** A key as the client sends it, split into its public prefix (the key id) and its secret. */
export interface ParsedApiKey {
  readonly prefix: string;
  readonly secret: string;
}

/** The key's parts, or `undefined` when the text is not an API key (never throws). */
export function parseApiKey(text: string): ParsedApiKey | undefined {
  if (!API_KEY_PATTERN.test(text)) return undefined;
  const dot = text.indexOf('.');
  return { prefix: text.slice(0, dot), secret: text.slice(dot + 1) };
}

/** A new key: prefix `ck_` + 8 random bytes in hex, secret 32 random bytes in base64url (256 bits). */
export function generateApiKey(random: (n: number) => Buffer = randomBytes): string {
  return `ck_${random(8).toString('hex')}.${random(32).toString('base64url')}`;
}

/**
 * The stored hash of a secret: HMAC-SHA256 keyed with the deployment's pepper, in hex. The secrets are 256-bit
 * random values, so a slow password hash would add nothing against guessing and cost ~50 ms a request; the pepper
 * keeps a stolen table from being checked against guesses offline.
 */
export function hashSecret(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Constant-time comparison of a secret with a stored hash. */
export function secretMatches(pepper: string, secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(pepper, secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
