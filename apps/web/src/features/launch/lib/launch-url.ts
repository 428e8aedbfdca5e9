// /launch's URL state through nuqs: `?clone=<runId>` fills the form with that run's config.
import { createLoader, parseAsString } from 'nuqs/server';
import { CLONE_PARAM } from '@/lib/launch-href';

export const loadLaunchParams = createLoader({ [CLONE_PARAM]: parseAsString });
