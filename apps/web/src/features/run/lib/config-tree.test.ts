import { describe, expect, it } from 'vitest';
import { configTree, countLeaves } from './config-tree';

describe('configTree', () => {
  const tree = configTree({
    model: { architecture: 'resnet18', pretrained: false },
    loss: { name: 'focal', gamma: 2 },
    channels: ['green', 'blue'],
    thresholds: Array.from({ length: 28 }, () => 0.5),
    note: '<script>alert(1)</script>',
    schedule: [{ epoch: 1, lr: 0.1 }],
    extra: null,
  });

  it('turns objects into branches in stored order and scalars into typed leaves', () => {
    expect(tree.map((node) => node.key)).toEqual([
      'model',
      'loss',
      'channels',
      'thresholds',
      'note',
      'schedule',
      'extra',
    ]);
    expect(tree[0]).toEqual({
      kind: 'branch',
      key: 'model',
      path: 'model',
      children: [
        {
          kind: 'leaf',
          key: 'architecture',
          path: 'model.architecture',
          value: '"resnet18"',
          type: 'string',
        },
        {
          kind: 'leaf',
          key: 'pretrained',
          path: 'model.pretrained',
          value: 'false',
          type: 'boolean',
        },
      ],
    });
    expect(tree[6]).toMatchObject({ value: 'null', type: 'null' });
  });

  it('writes scalar lists on one line and cuts long ones', () => {
    expect(tree[2]).toMatchObject({ kind: 'leaf', value: '["green", "blue"]', type: 'list' });
    expect(tree[3]).toMatchObject({ kind: 'leaf', type: 'list' });
    expect((tree[3] as { value: string }).value).toMatch(/, … 16 more\]$/);
  });

  it('keeps markup as a plain string value', () => {
    expect(tree[4]).toMatchObject({ value: '"<script>alert(1)</script>"', type: 'string' });
  });

  it('opens lists of objects as indexed branches', () => {
    expect(tree[5]).toMatchObject({
      kind: 'branch',
      children: [{ kind: 'branch', key: '[0]', path: 'schedule[0]' }],
    });
    expect(countLeaves(tree)).toBe(10);
  });

  it('shows a non-object config as one leaf', () => {
    expect(configTree('oops')).toEqual([
      { kind: 'leaf', key: 'config', path: 'config', value: '"oops"', type: 'string' },
    ]);
  });
});
