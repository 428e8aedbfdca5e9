// The idempotency key of a launch (launchRun's `idempotencyKey`). A submission that failed
// without an answer (the API went away, a timeout) may still have created its run; submitting
// the same form again must then return that run rather than start a second one, so the retry
// reuses the key. Any change to what is launched is a new launch with a new key (the API
// refuses a reused key with another input).

export interface LaunchAttempt {
  key: string;
  /** The launch input the key was used for, as stable JSON. */
  input: string;
}

/** JSON with object keys sorted, so equal inputs read equal whatever order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : item,
  );
}

/**
 * 128 random bits as hex. crypto.getRandomValues, not randomUUID: the latter exists only in
 * secure contexts, and a dashboard served over plain http on a LAN address is not one.
 */
export function newLaunchKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The attempt for submitting `input`: the previous one's key again when the input is the same. */
export function launchAttemptFor(
  previous: LaunchAttempt | null,
  input: unknown,
  makeKey: () => string = newLaunchKey,
): LaunchAttempt {
  const json = stableJson(input);
  if (previous && previous.input === json) return previous;
  return { key: makeKey(), input: json };
}
