import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedHubPoster } from './hub-poster';

describe(guardedHubPoster.name, () => {
  let server: Server;
  let base = '';
  const received: { contentType?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ contentType: req.headers['content-type'], body });
        res.writeHead(202).end('accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the form to a hub the policy allows and returns its status', async () => {
    const poster = guardedHubPoster({ allowedCidrs: ['127.0.0.1/32'] }, 'test-agent');
    const form = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': 'https://t.example.invalid/f' });
    expect(await poster.post(new URL(`${base}/hub`), form, AbortSignal.timeout(5000))).toBe(202);
    expect(received).toEqual([
      {
        contentType: 'application/x-www-form-urlencoded',
        body: 'hub.mode=subscribe&hub.topic=https%3A%2F%2Ft.example.invalid%2Ff',
      },
    ]);
    await poster.close();
  });

  it('refuses a loopback hub under the default policy, without a request', async () => {
    const poster = guardedHubPoster({ allowedCidrs: [] }, 'test-agent');
    await expect(poster.post(new URL(`${base}/hub`), new URLSearchParams(), AbortSignal.timeout(5000))).rejects.toThrow(
      '127.0.0.1 is in the loopback range, refused by the address policy (allowedCidrs)',
    );
    await expect(
      poster.post(new URL('file:///etc/passwd'), new URLSearchParams(), AbortSignal.timeout(5000)),
    ).rejects.toThrow('hub file:///etc/passwd: only http(s) hubs are used');
    expect(received).toHaveLength(1);
    await poster.close();
  });
});
