// Which attribute changes can make a "drawn" selector match. The bench's MutationObserver must
// watch them as well as added nodes: the launch form's last step to "drawn" is an attribute
// (`data-ready="true"`, set once React's effects ran), and an observer of added nodes only
// misses it whenever no node is added after it (the bench then found the selector matched but
// no time recorded: "never appeared"). Only the attributes the selector names are watched, so
// the charts' attribute churn before a page is drawn costs no extra selector checks.

/** The attribute names in a selector's `[name]`, `[name=value]`, `[name^=value]`... parts. */
export function selectorAttributes(selector: string): string[] {
  // Quoted values first become empty strings: `[title="[x]"]` names `title` only.
  const unquoted = selector.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const names = new Set<string>();
  for (const match of unquoted.matchAll(/\[\s*([A-Za-z_][\w-]*)\s*(?:[~|^$*]?=|\])/g)) {
    names.add(match[1]!);
  }
  return [...names];
}
