import type { Redis } from 'ioredis';
import type { MessageChannel } from '../ports/message-channel.port';
import type { RedisConnection } from '../queue/redis/redis-connection';

/** {@link MessageChannel} on Redis pub/sub: channel `<prefix>:<name>`, JSON messages, one subscriber connection. */
export class RedisChannel<T> implements MessageChannel<T> {
  readonly channel: string;
  private subscriber?: Redis;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    name: string,
  ) {
    this.channel = `${prefix}:${name}`;
  }

  async publish(message: T): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(message));
  }

  async subscribe(handler: (message: T) => void): Promise<void> {
    if (this.subscriber) throw new Error(`Channel ${this.channel} already has a subscriber`);
    const subscriber = this.redis.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let message: T;
      try {
        message = JSON.parse(text) as T;
      } catch {
        return;
      }
      handler(message);
    });
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
