// What every service receives: the database, the launch queue, the artifact store and a logger.
// Services never read configuration themselves; it arrives here or as arguments.
import type { Logger } from 'pino';
import type { MemberRole, PrismaClient } from '../db.ts';
import type { LaunchQueue } from '../queue/launch-queue.ts';
import type { ArtifactStore } from '../store/artifact-store.ts';

export interface ServiceDeps {
  db: PrismaClient;
  /**
   * The small pool heavy reads run on (see graphql/member-admission.ts), so they never take the
   * connections of db's pool; db itself when absent (embedded PGlite has one connection anyway).
   */
  heavyDb?: PrismaClient;
  queue: LaunchQueue;
  store: ArtifactStore;
  logger: Logger;
  /**
   * HPA_LAB_HOME: the `datasets` query lists the preprocessing caches built under it, and a
   * launch pinning a fingerprint on one of them is checked against it. Absent: synthetic specs
   * only.
   */
  home?: string;
}

/** The authenticated caller of a request. */
export interface Actor {
  memberId: string;
  role: MemberRole;
}
