// Run ids are UUIDs (the API's zod check); anything else in the URL is answered with a clear
// message before a request is made.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRunId(value: string): boolean {
  return UUID_PATTERN.test(value);
}
