import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider whose `migrations` property (a `MigrationSet`) belongs to the schema. Every such provider is
 * discovered at boot and its migrations run, with the kernel's, in name order under Kysely's migration lock, so
 * a migration applied by one instance is never applied again by another.
 *
 * @example
 * @SqlMigrations()
 * @Injectable()
 * export class FeedbackMigrations { readonly migrations = { '2026_11_24_feedback_signals': { up, down } }; }
 */
export const SqlMigrations = DiscoveryService.createDecorator<void>();
