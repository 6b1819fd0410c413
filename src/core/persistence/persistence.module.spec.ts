import { sharingWarning } from './persistence.module';

describe(sharingWarning.name, () => {
  it('warns when Redis is shared but the database is each instance’s own, and only then', () => {
    expect(sharingWarning({ redisUrl: 'redis://127.0.0.1:6379' })).toBe(
      'REDIS_URL is set without DATABASE_URL: instances share queues but not the feedback and bandit logs; ' +
        'set DATABASE_URL to one PostgreSQL for several instances',
    );
    expect(
      sharingWarning({ redisUrl: 'redis://127.0.0.1:6379', databaseUrl: 'postgres://crew@127.0.0.1/crew' }),
    ).toBeUndefined();
    expect(sharingWarning({})).toBeUndefined();
  });
});
