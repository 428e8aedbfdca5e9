import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, STATUS_STYLES, statusStyle } from './run-status';

describe('run status styles', () => {
  it('gives every status its own colour, glyph and label', () => {
    const styles = RUN_STATUSES.map((status) => STATUS_STYLES[status]);
    expect(new Set(styles.map((s) => s.color)).size).toBe(RUN_STATUSES.length);
    expect(new Set(styles.map((s) => s.glyph)).size).toBe(RUN_STATUSES.length);
    expect(new Set(styles.map((s) => s.label)).size).toBe(RUN_STATUSES.length);
  });

  it('uses only Okabe-Ito colours (plus grey)', () => {
    const okabeIto = [
      '#E69F00',
      '#56B4E9',
      '#009E73',
      '#F0E442',
      '#0072B2',
      '#D55E00',
      '#CC79A7',
      '#000000',
      '#8C8C8C',
    ];
    for (const style of Object.values(STATUS_STYLES)) expect(okabeIto).toContain(style.color);
  });

  it('shows an unknown status as text rather than failing', () => {
    expect(statusStyle('PAUSED')).toMatchObject({ label: 'paused', glyph: '?' });
  });
});
