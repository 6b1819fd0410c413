import { keyValueStoreContract } from '../contracts/key-value-store.contract';
import { openTestDatabase } from '../fixtures/test-database';
import { testDataDir } from '../fixtures/test-config';
import { createDatabase } from './helpers';

describe('SqlKeyValueStore on PostgreSQL', () =>
  keyValueStoreContract(async () => openTestDatabase(testDataDir(), await createDatabase('kv'))));
