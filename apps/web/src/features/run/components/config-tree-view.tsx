// The run's configuration as nested lists: sections open, values in a monospace column.
import { configTree, type ConfigNode } from '@/features/run/lib/config-tree';

const TYPE_CLASS: Record<string, string> = {
  string: 'text-fg',
  number: 'num',
  boolean: 'text-accent',
  null: 'text-muted',
  list: '',
};

export function ConfigTreeView({ config }: { config: unknown }) {
  const nodes = configTree(config);
  return (
    <div
      className="rounded-lg border border-border bg-surface p-3 text-xs"
      data-testid="config-tree"
    >
      <ConfigList nodes={nodes} depth={0} />
    </div>
  );
}

function ConfigList({ nodes, depth }: { nodes: readonly ConfigNode[]; depth: number }) {
  return (
    <ul className={depth === 0 ? 'grid gap-0.5' : 'ml-4 grid gap-0.5 border-l border-border pl-2'}>
      {nodes.map((node) =>
        node.kind === 'branch' ? (
          <li key={node.path}>
            <details open={depth < 2}>
              <summary className="cursor-pointer font-medium">{node.key}</summary>
              <ConfigList nodes={node.children} depth={depth + 1} />
            </details>
          </li>
        ) : (
          <li key={node.path} className="flex gap-2" data-path={node.path}>
            <span className="text-muted">{node.key}</span>
            <span className={`break-all font-mono ${TYPE_CLASS[node.type] ?? ''}`}>
              {node.value}
            </span>
          </li>
        ),
      )}
    </ul>
  );
}
