// The shell command that fetches the same file a download button serves, for scripts: the key
// stays a variable (`$HPA_API_KEY`), never the member's secret, and every part is quoted so a
// model name with spaces or quotes survives the shell.

/** The environment variable a script keeps its API key in (the trainer reads the same one). */
export const API_KEY_VARIABLE = 'HPA_API_KEY';

/** Single-quotes a word for POSIX shells ('it'\''s'). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A file name safe on every file system: letters, digits, `.`, `_` and `-`. */
export function downloadFileName(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
}

/**
 * `curl` that fails on HTTP errors (-f), follows redirects (-L) and writes the file under
 * `fileName`. `apiPath` is the API's own path (`/artifacts/<id>`, `/models/.../aliases/<a>`).
 */
export function curlCommand(apiUrl: string, apiPath: string, fileName: string): string {
  const url = `${apiUrl.replace(/\/+$/, '')}${apiPath}`;
  return [
    'curl -fL',
    `-H "Authorization: Bearer $${API_KEY_VARIABLE}"`,
    `-o ${shellQuote(fileName)}`,
    shellQuote(url),
  ].join(' ');
}

/** The API's path of an artifact's bytes (apps/api/src/http/artifact-routes.ts). */
export const artifactApiPath = (artifactId: string) =>
  `/artifacts/${encodeURIComponent(artifactId)}`;
