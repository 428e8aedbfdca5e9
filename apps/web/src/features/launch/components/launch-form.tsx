'use client';
// The launch form: the run's name and labels, a preset picker, and the training config as a
// form rjsf generates from packages/ml's JSON Schema (lib/form-schema.ts), validated in the
// browser by the API's own zod schema (lib/zod-validator.ts): a message beside each wrong
// field and nothing sent while one is. A submission carries an idempotency key
// (lib/launch-key.ts), the same on a retry of the same input, so an API that went away
// mid-launch cannot make it launch twice. On success the member lands on the new run's page.
import Form from '@rjsf/core';
import {
  type ErrorSchema,
  type RJSFValidationError,
  type UiSchema,
  toErrorSchema,
} from '@rjsf/utils';
import { type ApproachPreset, trainConfigSchema } from '@hpa-lab/ml/config';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ProblemMessage } from '@/components/problem-message';
import type { ApiProblem } from '@/graphql/api-problem';
import { type FragmentType, useFragment } from '@/graphql/generated';
import { type LaunchRefusal, splitRefusalFields } from '@/features/launch/lib/api-refusal';
import { configChanges } from '@/features/launch/lib/config-diff';
import { withPinnedFingerprint } from '@/features/launch/lib/dataset-pin';
import { launchFormSchema } from '@/features/launch/lib/form-schema';
import { type LaunchAttempt, launchAttemptFor } from '@/features/launch/lib/launch-key';
import {
  parseTags,
  type RunFieldProblems,
  runFieldProblems,
} from '@/features/launch/lib/run-fields';
import { zodConfigValidator } from '@/features/launch/lib/zod-validator';
import { launchRunAction, type LaunchResult } from '@/features/launch/server/launch-run';
import { ConfigDiffList } from './config-diff-list';
import { DatasetWidget, type LaunchFormContext } from './dataset-widget';
import { DatasetWidgetFragment } from './dataset-widget.fragment';
import { launchFormTemplates } from './form-templates';
import { LaunchFormCloneSourceFragment, LaunchFormProjectFragment } from './launch-form.fragment';
import { PresetPicker } from './preset-picker';
import { RunFields, type RunFieldValues } from './run-fields';
import styles from './launch-form.module.css';

const UI_SCHEMA: UiSchema = {
  dataset: { cachePath: { 'ui:widget': DatasetWidget, 'ui:options': { wide: true } } },
};

/** A config with every default filled in when it is valid (so the form and the diff show them). */
function withDefaults(config: unknown): unknown {
  const parsed = trainConfigSchema.safeParse(config);
  return parsed.success ? parsed.data : config;
}

function refusalErrors(refusal: LaunchRefusal | null): ErrorSchema | undefined {
  if (!refusal || Object.keys(refusal.config).length === 0) return undefined;
  const errors: RJSFValidationError[] = Object.entries(refusal.config).flatMap(([path, messages]) =>
    messages.map((message) => ({ property: `.${path}`, message, stack: `${path}: ${message}` })),
  );
  return toErrorSchema(errors);
}

const NO_ANSWER: ApiProblem = {
  kind: 'unreachable',
  title: 'The dashboard did not answer',
  detail: 'The launch request got no answer; the run may or may not have been created.',
};

export function LaunchForm(props: {
  projects: readonly FragmentType<typeof LaunchFormProjectFragment>[];
  datasets: readonly FragmentType<typeof DatasetWidgetFragment>[];
  clone: FragmentType<typeof LaunchFormCloneSourceFragment> | null;
}) {
  const projects = useFragment(LaunchFormProjectFragment, props.projects).filter(
    (project) => project.viewerCanLaunch,
  );
  const datasets = useFragment(DatasetWidgetFragment, props.datasets);
  const clone = props.clone ? useFragment(LaunchFormCloneSourceFragment, props.clone) : null;
  const router = useRouter();
  const [run, setRun] = useState<RunFieldValues>(() => ({
    projectId:
      projects.find((project) => project.id === clone?.project.id)?.id ?? projects[0]?.id ?? '',
    name: clone ? `${clone.name} (clone)` : '',
    approach: clone?.approach ?? '',
    tags: clone?.tags.join(', ') ?? '',
  }));
  const [config, setConfig] = useState<unknown>(() =>
    clone
      ? clone.config
      : withDefaults({
          model: { name: 'small-cnn' },
          dataset: { cachePath: datasets[0]?.cachePath ?? '' },
        }),
  );
  const [runProblems, setRunProblems] = useState<RunFieldProblems>({});
  const [refusal, setRefusal] = useState<LaunchRefusal | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [retrySafe, setRetrySafe] = useState(false);
  const [pending, setPending] = useState(false);
  const [tried, setTried] = useState(false);
  const attempt = useRef<LaunchAttempt | null>(null);
  // Set once React runs here: the form answers input from then on (the bench waits for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const formContext = useMemo<LaunchFormContext>(() => ({ datasets }), [datasets]);
  const extraErrors = useMemo(() => refusalErrors(refusal), [refusal]);
  const changes = useMemo(
    () => (clone ? configChanges(clone.config, config) : []),
    [clone, config],
  );

  function applyPreset(preset: ApproachPreset) {
    const dataset = (config as { dataset?: unknown } | null)?.dataset;
    setConfig(withDefaults({ ...preset.config, dataset }));
    setRun((current) => ({ ...current, approach: preset.title }));
  }

  function checkRunFields(): boolean {
    const problems = runFieldProblems(run);
    setRunProblems(problems);
    return Object.keys(problems).length === 0;
  }

  async function launch(validConfig: unknown) {
    setTried(true);
    if (!checkRunFields()) return;
    const input = {
      projectId: run.projectId,
      name: run.name.trim(),
      approach: run.approach.trim() || null,
      tags: parseTags(run.tags),
      config: validConfig,
    };
    const thisAttempt = launchAttemptFor(attempt.current, input);
    attempt.current = thisAttempt;
    setPending(true);
    setProblem(null);
    setRefusal(null);
    let result: LaunchResult | undefined;
    try {
      result = await launchRunAction({ ...input, idempotencyKey: thisAttempt.key });
    } catch {
      result = { ok: false, problem: NO_ANSWER };
    }
    // No result: the action redirected (a key revoked mid-session goes to sign-in).
    if (!result) return;
    if (result.ok) {
      router.push(`/runs/${result.runId}`);
      return;
    }
    setPending(false);
    const noAnswer = ['unreachable', 'timeout', 'api-error'].includes(result.problem.kind);
    setRetrySafe(noAnswer);
    const split = splitRefusalFields(result.problem.fields ?? []);
    setRefusal(split);
    setRunProblems(split.run);
    setProblem(result.problem);
  }

  if (projects.length === 0) {
    return (
      <p role="status" className="rounded border border-border bg-surface px-3 py-2">
        Your role may not launch runs in any project. Ask an admin for a member role to launch.
      </p>
    );
  }
  return (
    <div
      className="flex flex-col gap-4"
      data-testid="launch-form"
      data-ready={ready ? 'true' : undefined}
    >
      <RunFields values={run} onChange={setRun} problems={runProblems} projects={projects} />
      <PresetPicker onApply={applyPreset} />
      <Form
        className={styles.form}
        schema={launchFormSchema}
        uiSchema={UI_SCHEMA}
        validator={zodConfigValidator}
        templates={launchFormTemplates}
        formContext={formContext}
        formData={config}
        onChange={(event) => {
          setConfig((previous: unknown) =>
            withPinnedFingerprint(previous, event.formData, datasets),
          );
          if (refusal) setRefusal(null);
        }}
        onSubmit={(event) => void launch(event.formData)}
        onError={() => {
          setTried(true);
          checkRunFields();
        }}
        extraErrors={extraErrors}
        liveValidate={tried ? 'onChange' : undefined}
        showErrorList="top"
        noHtml5Validate
        focusOnFirstError
        disabled={pending}
      >
        <div className="mt-4 flex flex-col gap-3">
          {clone ? <ConfigDiffList changes={changes} runName={clone.name} /> : null}
          {problem ? (
            <div className="flex flex-col gap-1" data-testid="launch-problem">
              <ProblemMessage problem={problem} />
              {retrySafe ? (
                <p className="text-xs">
                  Launching again is safe: the retry carries the same launch key, so if the first
                  attempt created the run you land on that run, and no second one starts.
                </p>
              ) : null}
              {refusal?.general.length ? (
                <ul className="text-xs text-danger">
                  {refusal.general.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <div>
            <button
              type="submit"
              disabled={pending}
              className="rounded bg-accent px-4 py-1.5 font-medium text-accent-fg disabled:opacity-60"
            >
              {pending ? 'Launching…' : problem && retrySafe ? 'Launch again' : 'Launch run'}
            </button>
          </div>
        </div>
      </Form>
    </div>
  );
}
