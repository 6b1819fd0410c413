import { Injectable, Module } from '@nestjs/common';
import { HierarchyTaskHandler, type HierarchyTaskHandlerType } from '../../src';
import { ok } from '../../src/core/result/step-result';

const DONE = ok(null);

/** `noop`: answers at once, so that a session's time is all the service's own. */
@HierarchyTaskHandler('noop')
@Injectable()
export class NoopTask implements HierarchyTaskHandlerType {
  inputProblems(): string[] {
    return [];
  }
  handle() {
    return Promise.resolve(DONE);
  }
}

/** Adds the `noop` task type, the way an extension module adds its own. */
@Module({ providers: [NoopTask] })
export class BenchTasksModule {}
