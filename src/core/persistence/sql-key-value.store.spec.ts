import { keyValueStoreContract } from '../../../test/contracts/key-value-store.contract';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import { SqlKeyValueStore } from './sql-key-value.store';

describe(`${SqlKeyValueStore.name} on the embedded database`, () => keyValueStoreContract(() => openTestDatabase()));
