// The class leaderboard's view in its URL, through nuqs' parsers: `project` (a slug; absent =
// the first project) and `order` (`rare`, the default, or `support`). The page reads them on
// the server with the loader, and the order and project links are built with the serializer,
// so a default never shows in the address.
import { createLoader, createSerializer, parseAsString, parseAsStringLiteral } from 'nuqs/server';
import { CLASS_ORDERS } from '@/features/classes/lib/class-board';

export const classBoardParams = {
  project: parseAsString,
  order: parseAsStringLiteral(CLASS_ORDERS).withDefault('rare'),
};

export const loadClassBoardParams = createLoader(classBoardParams);

const serialize = createSerializer(classBoardParams);

/** /classes with this view, defaults left out. */
export function classesHref(view: {
  project: string | null;
  order: (typeof CLASS_ORDERS)[number];
}) {
  return serialize('/classes', view);
}
