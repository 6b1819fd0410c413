import { Body, Controller, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { LightMyRequestResponse } from 'fastify';
import { tracked } from '../../../../test/fixtures/boot';
import { testConfig } from '../../../../test/fixtures/test-config';
import { EdgeFastifyAdapter } from '../../../api/http-edge';
import { HttpErrorFilter } from '../../../api/http-error.filter';
import { CoreModule } from '../../../core/core.module';
import { AUDIT_LOG, type AuditEvent, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { SignedWebhook, WebhookDelivery } from './signed-webhook.decorator';
import { SignedWebhookGuard, type VerifiedWebhook } from './signed-webhook.guard';
import { WebhookSigner } from './webhook-signer';
import { WebhooksModule } from './webhooks.module';

const NEW_SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const OLD_SECRET = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;
const NOW_S = 1_700_000_000;
/** Sent as is: the spaces make it differ from what `JSON.stringify` would give for the parsed body. */
const BODY = '{ "action": "opened", "number": 7 }';

@Controller('hooks')
class HooksController {
  @Post('github')
  @SignedWebhook('github')
  github(@Body() body: unknown, @WebhookDelivery() delivery: VerifiedWebhook | undefined): unknown {
    return { body, delivery };
  }

  @Post('gitlab')
  @SignedWebhook('gitlab')
  gitlab(): unknown {
    return {};
  }
}

class RecordingAuditLog implements AuditLogPort {
  readonly events: AuditEvent[] = [];
  record(event: AuditEvent): void {
    this.events.push(event);
  }
  async flush(): Promise<void> {}
}

const unauthorized = (reason: string) => ({
  status: 'error',
  category: 'unauthorized',
  error: `Webhook rejected: ${reason}`,
  retryable: false,
  statusCode: 401,
});

describe(SignedWebhookGuard.name, () => {
  const audit = new RecordingAuditLog();
  const clock = new ManualClock(NOW_S * 1000);

  async function boot(rawBody: boolean): Promise<NestFastifyApplication> {
    const config = testConfig({ webhooks: { inbound: { github: { secrets: [NEW_SECRET, OLD_SECRET] } } } });
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot({ config, clock, ids: sequentialIds('t') }), WebhooksModule],
      controllers: [HooksController],
      providers: [{ provide: AUDIT_LOG, useValue: audit }],
    }).compile();
    const adapter = new EdgeFastifyAdapter({ genReqId: () => 'req-1' });
    const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { rawBody, logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }

  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await tracked(boot(true));
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    audit.events.length = 0;
  });

  const post = (
    url: string,
    headers: Record<string, string>,
    payload = BODY,
    target = app,
  ): Promise<LightMyRequestResponse> =>
    target
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (id: string, timestamp = NOW_S, secret = NEW_SECRET, body = BODY) =>
    new WebhookSigner(secret).sign(id, timestamp, body);
  const rejection = (reason: string, severity: string, webhookId?: string): AuditEvent => ({
    actor: 'webhook:github',
    action: 'webhook_rejected',
    resource: 'POST /hooks/github',
    decision: 'deny',
    reason,
    severity: severity as AuditEvent['severity'],
    requestId: 'req-1',
    extra: webhookId === undefined ? { source: 'github' } : { source: 'github', webhookId },
  });

  it('lets a delivery signed over the raw bytes through, with its parsed body and its delivery', async () => {
    const res = await post('/hooks/github', signed('msg_ok'));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      body: { action: 'opened', number: 7 },
      delivery: { source: 'github', id: 'msg_ok', timestampSeconds: NOW_S },
    });
    expect(audit.events).toEqual([]);
  });

  it('accepts the previous secret during a rotation', async () => {
    expect((await post('/hooks/github', signed('msg_rotated', NOW_S, OLD_SECRET))).statusCode).toBe(201);
  });

  it('answers 401 timestamp_out_of_tolerance to a webhook with 301 s of skew, and audits it', async () => {
    const res = await post('/hooks/github', signed('msg_skew', NOW_S - 301));
    expect([res.statusCode, res.json()]).toEqual([401, unauthorized('timestamp_out_of_tolerance')]);
    expect(audit.events).toEqual([rejection('timestamp_out_of_tolerance', 'medium', 'msg_skew')]);
  });

  it('answers 401 bad_signature to a tampered body, and audits it', async () => {
    const res = await post('/hooks/github', signed('msg_tampered'), '{ "action": "opened", "number": 8 }');
    expect([res.statusCode, res.json()]).toEqual([401, unauthorized('bad_signature')]);
    expect(audit.events).toEqual([rejection('bad_signature', 'high', 'msg_tampered')]);
  });

  it('answers 401 replayed to a reused id, and audits it', async () => {
    const headers = signed('msg_twice');
    expect((await post('/hooks/github', headers)).statusCode).toBe(201);
    const res = await post('/hooks/github', headers);
    expect([res.statusCode, res.json()]).toEqual([401, unauthorized('replayed')]);
    expect(audit.events).toEqual([rejection('replayed', 'high', 'msg_twice')]);
  });

  it('answers 401 missing_headers to an unsigned request, and audits it', async () => {
    const res = await post('/hooks/github', {});
    expect([res.statusCode, res.json()]).toEqual([401, unauthorized('missing_headers')]);
    expect(audit.events).toEqual([rejection('missing_headers', 'low')]);
  });

  it('answers 500 for a source without configured secrets, never letting the request through', async () => {
    const res = await post('/hooks/gitlab', signed('msg_gitlab'));
    expect(res.statusCode).toBe(500);
  });

  it('answers 500 when the app does not keep raw bodies, rather than verifying a re-serialisation', async () => {
    const bare = await tracked(boot(false));
    try {
      expect((await post('/hooks/github', signed('msg_no_raw'), BODY, bare)).statusCode).toBe(500);
    } finally {
      await bare.close();
    }
  });
});
