import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { ApiModule } from './api/api.module';
import { ApplicationModule } from './application/application.module';
import { CoreModule, type CoreModuleOptions } from './core/core.module';
import { DomainModule } from './domain/domain.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { PersistenceModule } from './core/persistence/persistence.module';

export interface AppModuleOptions extends CoreModuleOptions {
  /** Extra modules, e.g. your own orchestrators (they are discovered like the built-in ones). */
  readonly imports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        PersistenceModule,
        DomainModule,
        ApplicationModule,
        InfrastructureModule,
        ApiModule.forRoot(options.config.api),
        ...(options.imports ?? []),
      ],
    };
  }
}
