// How the arguments of a field size the work behind it, one line per argument, for the cost
// limit (./limits.ts). The values priced are the ones the resolver will see: inline literals,
// variables, a variable's default in the operation and the schema's default all count alike.
//
// A new sized argument is one line here. An argument that is not listed and whose value is a list
// is priced by its length (see UNLISTED_LIST_ITEM_WORK), so a new `fooField(ids: [...])` can never
// go unpriced; an unlisted scalar argument costs nothing.

/**
 * - `page`: an integer bounding how many items the first list at or below the field returns
 *   (Relay's `first`, a leaderboard's `top`).
 * - `items`: a list whose length is the number of items of the first list at or below the field
 *   (`compareRuns(ids)` returns one run, one class score... per id).
 * - `priced`: the field's work (./field-work.ts) already prices it (`keys`, `maxPoints`), or the
 *   service bounds it and one statement does the whole list (`logMetrics(points)`, at most 1,000).
 */
export type ArgumentRole = 'page' | 'items' | 'priced';

/** `Type.field.argument`, or `*.argument` for that argument on every field. */
export const SIZED_ARGUMENTS: Record<string, ArgumentRole> = {
  '*.first': 'page',
  'Query.classLeaderboard.top': 'page',
  'Query.compareRuns.ids': 'items',
  'Query.compareRuns.keys': 'priced',
  'Query.compareRuns.maxPoints': 'priced',
  'Mutation.logMetrics.points': 'priced',
  'Query.ensembleEvaluation.runIds': 'priced',
  'Query.bestPerClassComposite.runIds': 'priced',
};

/**
 * Lists whose length the schema fixes rather than an argument (`Type.field`): the size argument
 * of the field, if any, then applies to the next list below (`classLeaderboard(top: 3)` is 28
 * classes of 3 runs each).
 */
export const FIXED_LIST_LENGTHS: Record<string, number> = {
  'Query.classLeaderboard': 28,
};

/** Lists nothing bounds (`members`, `models`) are priced at this many items. */
export const UNBOUNDED_LIST_SIZE = 20;

/**
 * The work of each item of an unlisted list argument: about one database lookup, the least a
 * resolver does with an id or key it was handed.
 */
export const UNLISTED_LIST_ITEM_WORK = 25;

/** The role of `argument` on `type.field`: listed, or `items` for any other list value. */
export function argumentRole(
  typeName: string,
  fieldName: string,
  argument: string,
  value: unknown,
): ArgumentRole | 'unlisted-list' | undefined {
  const role =
    SIZED_ARGUMENTS[`${typeName}.${fieldName}.${argument}`] ?? SIZED_ARGUMENTS[`*.${argument}`];
  if (role) return role;
  return Array.isArray(value) ? 'unlisted-list' : undefined;
}
