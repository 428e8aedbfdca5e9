// One error type for every bad-input case, so callers (trainer CLI, API) can show the file, the
// line and the problem without parsing messages.

export interface DatasetErrorDetails {
  /** The file at fault (absolute or as given). */
  file: string;
  /** 1-based line number for CSV problems. */
  line?: number;
  /** Short machine-friendly code. */
  code:
    | 'bad-header'
    | 'empty-target'
    | 'bad-label'
    | 'duplicate-id'
    | 'bad-id'
    | 'bad-row'
    | 'missing-file'
    | 'unreadable-image'
    | 'empty-dataset';
  /** Human sentence describing the problem. */
  problem: string;
}

export class DatasetError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly code: DatasetErrorDetails['code'];
  readonly problem: string;

  constructor(details: DatasetErrorDetails, options?: { cause?: unknown }) {
    const where = details.line === undefined ? details.file : `${details.file}:${details.line}`;
    super(`${where}: ${details.problem}`, options);
    this.name = 'DatasetError';
    this.file = details.file;
    this.line = details.line;
    this.code = details.code;
    this.problem = details.problem;
  }
}
