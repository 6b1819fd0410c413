/**
 * jest only: content-disposition 3 is ESM-only and @fastify/static require()s it, which Node ≥ 20.19 allows but
 * jest's module sandbox does not. This maps its one used export, `create(filename, options)`, onto the CommonJS
 * content-disposition 1, whose default export takes the same arguments. The service itself loads the real one.
 */
const contentDisposition = require('content-disposition-cjs');

module.exports = { create: (filename, options) => contentDisposition(filename, options) };
