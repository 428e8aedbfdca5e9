// Per-request context: the services' dependencies, the caller, and small per-request caches so
// a page of runs does not look up the same project or member fifty times.
import type { Member, Project } from '../db.ts';
import type { LiveHub, WatchingKey } from '../live/hub.ts';
import type { StreamPacing } from '../live/pacing.ts';
import type { Actor, ServiceDeps } from '../services/deps.ts';
import { createRequestSlots, type RequestSlots } from './root-concurrency.ts';

export interface GraphQLContext extends ServiceDeps {
  actor: Actor;
  /** Bounds how many root fields of this request run at once. */
  slots: RequestSlots;
  cache: {
    members: Map<string, Promise<Member | null>>;
    projects: Map<string, Promise<Project | null>>;
  };
  /** Set on /graphql/stream only: the instance's hub, the key used, the stream's lag. */
  live?: LiveContext;
}

export interface LiveContext {
  hub: LiveHub;
  key: WatchingKey;
  pacing: StreamPacing;
}

export function createContext(
  deps: ServiceDeps,
  actor: Actor,
  live?: GraphQLContext['live'],
): GraphQLContext {
  return {
    ...deps,
    ...(live ? { live } : {}),
    actor,
    slots: createRequestSlots(),
    cache: { members: new Map(), projects: new Map() },
  };
}

export function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}
