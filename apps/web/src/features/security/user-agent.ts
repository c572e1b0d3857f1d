/** A readable device from a User-Agent: browser and system, or null when neither is known. */
export function describeUserAgent(ua: string | null): { browser: string; os: string } | null {
  if (!ua) return null;
  const browser = [
    [/Edg\//, 'Edge'],
    [/OPR\//, 'Opera'],
    [/Firefox\//, 'Firefox'],
    [/Chrome\//, 'Chrome'],
    [/Safari\//, 'Safari'],
  ].find(([re]) => (re as RegExp).test(ua))?.[1] as string | undefined;
  const os = [
    [/iPhone|iPad/, 'iOS'],
    [/Android/, 'Android'],
    [/CrOS/, 'ChromeOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ].find(([re]) => (re as RegExp).test(ua))?.[1] as string | undefined;
  if (!browser && !os) return null;
  return { browser: browser ?? '?', os: os ?? '?' };
}
