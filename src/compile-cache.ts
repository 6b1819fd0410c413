import * as nodeModule from 'node:module';

// Imported first by main.ts: V8 keeps the code it compiles for every module loaded from here on in Node's compile
// cache (`NODE_COMPILE_CACHE`, else a folder in the OS temp directory), so later starts skip most of the
// compilation, the largest part of start-up. A cache that cannot be written only costs that speed-up.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
