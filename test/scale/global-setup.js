/** The scale run's temp root (see test/tmp-root.js). */
const { createTmpRoot } = require('../tmp-root');

module.exports = async function globalSetup() {
  createTmpRoot();
};
