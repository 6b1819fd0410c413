/** Removes the run's temp root (see test/tmp-root.js). */
const { removeTmpRoot } = require('./tmp-root');

module.exports = async function globalTeardown() {
  removeTmpRoot();
};
