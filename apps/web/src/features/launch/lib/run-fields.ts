// The launched run's own fields beside its config: a name (required), an approach, tags typed
// as one comma-separated line. The API checks their lengths again (its refusal shows beside
// the same fields).

/** Tags from a comma-separated line: trimmed, empty ones and repeats dropped. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
}

export interface RunFieldProblems {
  name?: string[];
  approach?: string[];
  tags?: string[];
}

/** What keeps the run's fields from being sent; empty when nothing does. */
export function runFieldProblems(fields: { name: string }): RunFieldProblems {
  return fields.name.trim() === '' ? { name: ['Name the run.'] } : {};
}
