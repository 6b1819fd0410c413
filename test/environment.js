/**
 * jest's node environment, plus: when a test file is done (after its afterAll hooks), close whatever it opened
 * through test/fixtures/boot.ts and left open. That is mostly an app whose boot outlived its hook's timeout: the
 * hook failed, `afterAll` found nothing to close, and the app's scheduler and database would otherwise keep
 * working (and keep jest from exiting) until the process ends. Boots and closes still running are awaited first
 * (bounded by LATE_BOOT_WAIT_MS in test/fixtures/boot.ts).
 */
const { default: NodeEnvironment } = require('jest-environment-node');

const CLOSE_TIMEOUT_MS = 10_000;

const within = (ms, promise) => {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([
    promise.then(
      () => 'done',
      () => 'done',
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
};

class CrewTestEnvironment extends NodeEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'run_finish') return;
    const r = this.global.__crewOpenResources;
    if (!r) return;
    if (r.running.size > 0) await within(r.waitMs, Promise.allSettled([...r.running]));
    // From here on a boot that completes is closed by the fixture itself.
    r.finished = true;
    const left = [...r.open];
    if (left.length === 0) return;
    const outcomes = await Promise.all(
      left.map((resource) =>
        within(
          CLOSE_TIMEOUT_MS,
          Promise.resolve().then(() => resource.close()),
        ),
      ),
    );
    const stuck = outcomes.filter((o) => o === 'timeout').length;
    process.stderr.write(
      `[test/environment] ${this.testPath}: closed ${left.length} resource(s) the file left open (a boot that outlived its hook?)` +
        (stuck ? `; ${stuck} did not close within ${CLOSE_TIMEOUT_MS} ms` : '') +
        '\n',
    );
  }

  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }
}

module.exports = CrewTestEnvironment;
