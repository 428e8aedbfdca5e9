import { describe, expect, it } from 'vitest';
import type { RunStatus } from '@/graphql/generated/graphql';
import { NEUTRAL_GREY, OKABE_ITO } from './palette';
import { RUN_STATUSES, STATUS_STYLES, statusStyle } from './run-status';

describe('run status styles', () => {
  it('gives every status its own colour, glyph and label', () => {
    const styles = RUN_STATUSES.map((status) => STATUS_STYLES[status]);
    expect(new Set(styles.map((s) => s.color)).size).toBe(RUN_STATUSES.length);
    expect(new Set(styles.map((s) => s.glyph)).size).toBe(RUN_STATUSES.length);
    expect(new Set(styles.map((s) => s.label)).size).toBe(RUN_STATUSES.length);
  });

  it('uses only Okabe-Ito colours (plus grey)', () => {
    const okabeIto = [...Object.values(OKABE_ITO), NEUTRAL_GREY];
    for (const style of Object.values(STATUS_STYLES)) expect(okabeIto).toContain(style.color);
  });

  it('shows an unknown status as text rather than failing', () => {
    expect(statusStyle('PAUSED' as RunStatus)).toMatchObject({ label: 'PAUSED', glyph: '?' });
  });
});
