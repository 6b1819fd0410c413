/**
 * The feed host of the monitoring bench, in its own process so that its work is not counted as the monitor's:
 * FEEDS Atom feeds of 15 entries each (19.5 KB, 6.2 KB gzipped, near a YouTube channel feed) on loopback, with ETag,
 * Last-Modified, 304 and gzip; `POST /control/publish/<name>` adds a post. Prints `READY <port>`.
 */
import { FeedServer } from '../../test/fixtures/feed-server';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const T0 = Date.UTC(2026, 10, 1);

async function main(): Promise<void> {
  const server = new FeedServer();
  await server.start();
  for (let f = 0; f < FEEDS; f++) {
    const entries = Array.from({ length: 15 }, (_, i) => ({
      id: `feed${f}-${15 - i}`,
      title: `Post ${15 - i} of feed ${f}`,
      published: T0 + (15 - i) * 86_400_000 + f * 1000,
    }));
    server.setEntries(`feed${f}`, entries);
  }
  process.stdout.write(`READY ${new URL(server.base).port}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

void main();
