// Server actions that act with the member's key refuse requests from other sites themselves, as
// well as src/proxy.ts refusing them before Next's action handling: a second check where the
// action runs, naming the reason to the member, so an action stays safe if the proxy's matcher
// ever misses its path. Shared by every feature's actions.
import 'server-only';
import { headers } from 'next/headers';
import { serverEnv } from '@/env';
import { siteOrigin, stateChangeRefusal } from '@/lib/same-origin';

/** Why the current action request is refused as cross-site, or undefined when it is ours. */
export async function actionCrossSiteReason(): Promise<string | undefined> {
  const list = await headers();
  return stateChangeRefusal(list, siteOrigin(list, serverEnv().trustProxy));
}
