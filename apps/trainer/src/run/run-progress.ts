// What a caller of executeRun may watch (the CLI prints it): the chosen backend, the data
// preparation, the prepared dataset, each epoch, an early stop and each uploaded artifact.
import type { ArtifactInfo } from '../api-client/index.ts';
import type { ChildMessage } from './child-messages.ts';

export type RunProgress =
  | { type: 'backend'; name: string; threads: number; device: string }
  | { type: 'preparing'; stage: 'generating' | 'caching'; done: number; total: number }
  | Extract<ChildMessage, { type: 'dataset' }>
  | Extract<ChildMessage, { type: 'epoch' }>
  | { type: 'uploaded'; artifact: ArtifactInfo }
  /** Stopped on request after `steps` batches, `stepsAfterStopRequest` of them after the child
   * got the request (null: it ended before the request reached it). */
  | { type: 'stopped'; steps: number; stepsAfterStopRequest: number | null };
