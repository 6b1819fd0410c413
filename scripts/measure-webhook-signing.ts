/**
 * `npx ts-node --transpile-only scripts/measure-webhook-signing.ts`: the cost of signing and verifying one 1 KiB
 * webhook, with the `standardwebhooks` package and with node:crypto (this service's `WebhookSigner` and
 * `WebhookVerifier`, the replay check left out as the package has none). Prints the median of 7 rounds, in µs per
 * sign + verify. The numbers are quoted in docs/security/webhooks.md.
 */
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../src/core/runtime/clock';
import { WebhookSigner } from '../src/infrastructure/security/webhooks/webhook-signer';
import { WebhookVerifier } from '../src/infrastructure/security/webhooks/webhook-verifier';

const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const BODY = Buffer.from(JSON.stringify({ event: 'progress', text: 'x'.repeat(1024 - 30) }));
const ROUNDS = 7;
const PER_ROUND = 20_000;

async function median(run: (i: number) => Promise<void> | void): Promise<number> {
  for (let i = 0; i < 2_000; i++) await run(i);
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) await run(i);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

async function main(): Promise<void> {
  if (BODY.length !== 1024) throw new Error(`body is ${BODY.length} bytes`);
  const pkg = new Webhook(SECRET);
  const pkgUs = await median((i) => {
    const id = `msg_${i}`;
    const now = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': pkg.sign(id, now, BODY),
    };
    pkg.verify(BODY, headers, { jsonParse: false });
  });
  const signer = new WebhookSigner(SECRET);
  const verifier = new WebhookVerifier({
    source: 'bench',
    secrets: [SECRET],
    clock: systemClock,
    replay: { claim: async () => true },
  });
  const cryptoUs = await median(async (i) => {
    const headers = signer.sign(`msg_${i}`, Math.floor(Date.now() / 1000), BODY);
    const result = await verifier.verify(headers, BODY);
    if (!result.ok) throw new Error(result.reason);
  });
  process.stdout.write(
    `1 KiB body, sign + verify, median of ${ROUNDS} × ${PER_ROUND}:\n` +
      `  standardwebhooks ${pkgUs.toFixed(2)} µs\n  node:crypto      ${cryptoUs.toFixed(2)} µs\n`,
  );
}

void main();
