import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '../../scripts/config-docs';

/** docs/configuration.md shows the declared sections as the code declares them: npm run docs:config writes it. */
describe('docs/configuration.md', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');

  it('documents every declared section as its code declares it', () => {
    if (render(page) !== page) throw new Error('docs/configuration.md is not current: run npm run docs:config');
  });

  it('rewrites a stale reference from the code', () => {
    const stale = page.replace(/^\| `server\.port` .*\n/m, '| `server.port` | integer | `80` | `PORT` | old |\n');
    expect(stale).not.toBe(page);
    expect(render(stale)).toBe(page);
  });

  it('needs the markers of the generated part', () => {
    expect(() => render('# Configuration\n')).toThrow(
      'docs/configuration.md has no <!-- config:sections --> … <!-- /config:sections --> block',
    );
  });
});
