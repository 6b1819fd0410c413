/** Schemes a run may name over the API; `file` (and a bare path) only where `content.fileRoots` is configured. */
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http', 'https']);

/**
 * Why the API refuses a run's `url`, or undefined when it accepts it: an http(s) URL always; a `file:` URL or a
 * local path only when `localFiles` (the deployment configured `content.fileRoots`, under which alone such files
 * are read); any other scheme never. The content pipeline applies the same rules again when the run starts.
 *
 * @example runUrlProblem('ftp://example.org/a.txt', false) // 'url must be an http or https URL, got "ftp:"'
 */
export function runUrlProblem(url: string, localFiles: boolean): string | undefined {
  const allowed = localFiles ? 'an http or https URL, a file: URL or a path' : 'an http or https URL';
  // Two letters at least before the colon, so that a Windows drive (`C:\…`) reads as a path.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') {
    if (localFiles) return undefined;
    return `url must be ${allowed}: this service reads no local files (content.fileRoots is empty)`;
  }
  if (!WEB_SCHEMES.has(scheme)) return `url must be ${allowed}, got "${scheme}:"`;
  if (!URL.canParse(url)) return `url is not a valid URL: ${JSON.stringify(url)}`;
  return undefined;
}
