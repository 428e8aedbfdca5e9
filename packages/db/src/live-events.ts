// The live-update contract between the database and the API instances: the channel the
// migration `live_events` NOTIFYs on, the payloads it sends (ids and step ranges, never data),
// and a NotificationSource per kind of database that LISTENs on it. Defined here, beside the
// triggers that produce the payloads, so the SQL and its parser change together.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { z } from 'zod';
import { connectPostgres } from './connection/database-url.ts';

export const LIVE_EVENTS_CHANNEL = 'hpa_lab_events';

const uuid = z.uuid();
const step = z.number().int();

export const liveEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('points'),
    runId: uuid,
    /** Each key's lowest and highest step in the batch. */
    keys: z.record(z.string(), z.tuple([step, step])).optional(),
    /** Instead of `keys` when they would not fit a payload: the batch's whole step range. */
    from: step.optional(),
    to: step.optional(),
  }),
  z.object({ kind: z.literal('run'), runId: uuid, projectId: uuid, created: z.boolean() }),
  z.object({ kind: z.literal('evaluation'), runId: uuid, id: uuid }),
  z.object({ kind: z.literal('artifact'), runId: uuid, id: uuid }),
  z.object({ kind: z.literal('apiKey'), id: uuid }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;

/** A payload of LIVE_EVENTS_CHANNEL, or null for one this version does not know. */
export function parseLiveEvent(payload: string): LiveEvent | null {
  try {
    const parsed = liveEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface Listening {
  /** Stops listening (UNLISTEN, and for a server the dedicated connection is closed). */
  close(): Promise<void>;
}

/**
 * Where an API instance LISTENs. `listen` resolves once LISTEN is in effect, so a subscriber
 * that reads the database after it misses nothing committed later. `onLost` is called when
 * the listening connection fails: notifications may have been missed from then on.
 */
export interface NotificationSource {
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onLost: (error: Error) => void,
  ): Promise<Listening>;
}

/**
 * PostgreSQL: a dedicated connection per listen() (not one of the Prisma pool's, which a
 * LISTEN would pin and which the pool may close while idle). Nothing connects before the
 * first listen(), so an instance nobody subscribes to holds no extra connection.
 */
export function postgresNotifications(
  databaseUrl: string,
  options: { variable?: string } = {},
): NotificationSource {
  return {
    async listen(channel, onPayload, onLost) {
      const client: pg.Client = await connectPostgres(databaseUrl, options);
      let closing = false;
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) {
          onPayload(message.payload);
        }
      });
      const lost = (error: Error) => {
        if (closing) return;
        closing = true;
        onLost(error);
        client.end().catch(() => {});
      };
      client.on('error', lost);
      client.on('end', () => lost(new Error('the LISTEN connection closed')));
      try {
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      } catch (error) {
        closing = true;
        await client.end().catch(() => {});
        throw error;
      }
      return {
        async close() {
          if (closing) return;
          closing = true;
          await client.end().catch(() => {});
        },
      };
    },
  };
}

/**
 * Embedded PGlite: its own listen(). PGlite is one in-process PostgreSQL whose NOTIFYs come
 * from this same process's writes (it admits one process), so there is no second connection to
 * open and nothing to lose; the triggers still send the payloads, so the API's code path is
 * the one it takes on a server.
 */
export function pgliteNotifications(db: PGlite): NotificationSource {
  return {
    async listen(channel, onPayload) {
      const unsubscribe = await db.listen(channel, onPayload);
      return {
        async close() {
          if (!db.closed) await unsubscribe();
        },
      };
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
