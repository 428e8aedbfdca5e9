// What every service receives: the database, the launch queue, the artifact store and a logger.
// Services never read configuration themselves; it arrives here or as arguments.
import type { Logger } from 'pino';
import type { MemberRole, PrismaClient } from '../db.ts';
import type { LaunchQueue } from '../queue/launch-queue.ts';
import type { ArtifactStore } from '../store/artifact-store.ts';

export interface ServiceDeps {
  db: PrismaClient;
  queue: LaunchQueue;
  store: ArtifactStore;
  logger: Logger;
}

/** The authenticated caller of a request. */
export interface Actor {
  memberId: string;
  role: MemberRole;
}
