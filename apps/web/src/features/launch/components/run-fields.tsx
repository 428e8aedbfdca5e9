'use client';
// The launched run's name, approach and tags (and its project when the member has several),
// each with its messages beside it: the browser's own check or the API's refusal.
import type { RunFieldProblems } from '@/features/launch/lib/run-fields';

export interface RunFieldValues {
  projectId: string;
  name: string;
  approach: string;
  tags: string;
}

const INPUT = 'rounded border border-border bg-canvas px-2 py-1';

function Messages({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul id={id} className="text-xs text-danger" data-testid="field-error">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

export function RunFields({
  values,
  onChange,
  problems,
  projects,
}: {
  values: RunFieldValues;
  onChange: (values: RunFieldValues) => void;
  problems: RunFieldProblems;
  projects: readonly { id: string; name: string }[];
}) {
  const set = (key: keyof RunFieldValues) => (event: { target: { value: string } }) =>
    onChange({ ...values, [key]: event.target.value });
  return (
    <fieldset className="grid grid-cols-1 gap-3 rounded-lg border border-border px-3 pt-1 pb-3 md:grid-cols-2">
      <legend className="px-1 text-sm font-semibold">Run</legend>
      {projects.length > 1 ? (
        <label className="flex flex-col gap-1 text-xs font-medium">
          Project
          <select value={values.projectId} onChange={set('projectId')} className={INPUT}>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor="run-name" className="text-xs font-medium">
          Name <span aria-hidden="true">*</span>
        </label>
        <input
          id="run-name"
          value={values.name}
          onChange={set('name')}
          aria-describedby={problems.name?.length ? 'run-name__error' : undefined}
          aria-invalid={problems.name?.length ? true : undefined}
          className={INPUT}
          placeholder="e.g. resnet10 focal 64px"
        />
        <Messages id="run-name__error" messages={problems.name} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="run-approach" className="text-xs font-medium">
          Approach
        </label>
        <input
          id="run-approach"
          value={values.approach}
          onChange={set('approach')}
          aria-describedby={problems.approach?.length ? 'run-approach__error' : undefined}
          className={INPUT}
          placeholder="the idea in a few words"
        />
        <Messages id="run-approach__error" messages={problems.approach} />
      </div>
      <div className="flex flex-col gap-1 md:col-span-2">
        <label htmlFor="run-tags" className="text-xs font-medium">
          Tags (comma-separated)
        </label>
        <input
          id="run-tags"
          value={values.tags}
          onChange={set('tags')}
          aria-describedby={problems.tags?.length ? 'run-tags__error' : undefined}
          className={INPUT}
        />
        <Messages id="run-tags__error" messages={problems.tags} />
      </div>
    </fieldset>
  );
}
