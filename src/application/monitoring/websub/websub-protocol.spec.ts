import { createHmac } from 'node:crypto';
import { subscriptionForm, verifyChallenge, verifySignature } from './websub-protocol';

const TOPIC = 'https://www.youtube.com/xml/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv';
const SECRET = 'harbour-secret';
const BODY = Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>yt:video:x</id></entry></feed>');

describe('WebSub protocol', () => {
  describe(subscriptionForm.name, () => {
    it('builds a subscribe form with the secret and the lease', () => {
      const form = subscriptionForm({
        mode: 'subscribe',
        topic: TOPIC,
        callback: 'https://crew.example/websub/s1',
        secret: SECRET,
        leaseSeconds: 432_000,
      });
      expect(form.toString()).toBe(
        'hub.mode=subscribe&hub.topic=https%3A%2F%2Fwww.youtube.com%2Fxml%2Ffeeds%2Fvideos.xml%3Fchannel_id%3DUCabcdefghijklmnopqrstuv' +
          '&hub.callback=https%3A%2F%2Fcrew.example%2Fwebsub%2Fs1&hub.secret=harbour-secret&hub.lease_seconds=432000',
      );
    });

    it('leaves the secret and the lease out of an unsubscribe', () => {
      const form = subscriptionForm({
        mode: 'unsubscribe',
        topic: TOPIC,
        callback: 'https://crew.example/cb',
        secret: SECRET,
        leaseSeconds: 10,
      });
      expect([...form.keys()]).toEqual(['hub.mode', 'hub.topic', 'hub.callback']);
    });

    it('refuses a secret of 200 bytes or more', () => {
      expect(() =>
        subscriptionForm({ mode: 'subscribe', topic: TOPIC, callback: 'https://c.example/', secret: 'x'.repeat(200) }),
      ).toThrow(new Error('hub.secret must be 1 to 199 bytes, got 200'));
    });
  });

  describe(verifyChallenge.name, () => {
    const subscribe = { mode: 'subscribe', topic: TOPIC } as const;
    const query = {
      'hub.mode': 'subscribe',
      'hub.topic': TOPIC,
      'hub.challenge': 'c-123',
      'hub.lease_seconds': '432000',
    };

    it('confirms a subscribe with the challenge to echo and the lease granted', () => {
      expect(verifyChallenge(query, subscribe)).toEqual({
        status: 'confirmed',
        challenge: 'c-123',
        leaseSeconds: 432_000,
      });
    });

    it('confirms an unsubscribe without a lease', () => {
      const unsubscribe = { 'hub.mode': 'unsubscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c-9' };
      expect(verifyChallenge(unsubscribe, { mode: 'unsubscribe', topic: TOPIC })).toEqual({
        status: 'confirmed',
        challenge: 'c-9',
        leaseSeconds: null,
      });
    });

    it('reports a denial', () => {
      expect(verifyChallenge({ 'hub.mode': 'denied', 'hub.topic': TOPIC, 'hub.reason': 'banned' }, subscribe)).toEqual({
        status: 'denied',
        reason: 'banned',
      });
    });

    it.each([
      [{ ...query, 'hub.mode': 'unsubscribe' }, 'hub.mode is unsubscribe, expected subscribe'],
      [{ ...query, 'hub.topic': `${TOPIC}&x=1` }, `hub.topic ${TOPIC}&x=1 is not ${TOPIC}`],
      [{ ...query, 'hub.topic': undefined }, `hub.topic (missing) is not ${TOPIC}`],
      [{ ...query, 'hub.challenge': '' }, 'hub.challenge is missing'],
      [
        { ...query, 'hub.lease_seconds': undefined },
        'hub.lease_seconds (missing) is not a whole number of seconds from 1 to 31536000',
      ],
      [
        { ...query, 'hub.lease_seconds': '1.5' },
        'hub.lease_seconds 1.5 is not a whole number of seconds from 1 to 31536000',
      ],
      [
        { ...query, 'hub.lease_seconds': '0' },
        'hub.lease_seconds 0 is not a whole number of seconds from 1 to 31536000',
      ],
      [
        { ...query, 'hub.lease_seconds': ['5', '6'] },
        'hub.lease_seconds (missing) is not a whole number of seconds from 1 to 31536000',
      ],
    ])('refuses %o', (q, reason) => {
      expect(verifyChallenge(q, subscribe)).toEqual({ status: 'refused', reason });
    });
  });

  describe(verifySignature.name, () => {
    const sign = (algorithm: string, body = BODY, secret = SECRET) =>
      `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;

    it.each(['sha1', 'sha256', 'sha512'])('accepts a %s signature of the raw body', (algorithm) => {
      expect(verifySignature(sign(algorithm), BODY, SECRET)).toBe(true);
      expect(verifySignature(sign(algorithm).toUpperCase().replace(/^SHA/, 'sha'), BODY, SECRET)).toBe(true);
    });

    it('rejects a signature made with another secret or over another body', () => {
      expect(verifySignature(sign('sha1', BODY, 'other'), BODY, SECRET)).toBe(false);
      expect(verifySignature(sign('sha256', Buffer.from('tampered')), BODY, SECRET)).toBe(false);
    });

    it.each([
      undefined,
      '',
      'sha1',
      'sha1=',
      'md5=0123456789abcdef0123456789abcdef',
      'sha1=zz' + '0'.repeat(38),
      'sha256=' + '0'.repeat(40),
      'sha1=' + '0'.repeat(41),
    ])('rejects the malformed header %p', (header) => {
      expect(verifySignature(header, BODY, SECRET)).toBe(false);
    });
  });
});
