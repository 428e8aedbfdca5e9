import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from './csv';

describe('csv', () => {
  it('quotes every cell, doubling quotes inside', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t'=1"`);
    expect(csvField(-0.5)).toBe('"-0.5"');
  });

  it('defuses formula starts after a separator inside a field (a spreadsheet splitting on ;)', () => {
    expect(csvField('x;=1+1')).toBe(`"x;'=1+1"`);
    expect(csvField('a,@cmd|b|-2')).toBe(`"a,'@cmd|b|'-2"`);
    expect(csvField('a\t+SUM(A1)')).toBe(`"a\t'+SUM(A1)"`);
    // Not a separator: left alone.
    expect(csvField('lr=0.1 x-y')).toBe('"lr=0.1 x-y"');
  });

  it('writes numbers as numbers and missing values as empty cells', () => {
    expect(csvRow(['x', 0.4123, null, undefined, Number.NaN])).toBe('"x","0.4123","","",""\r\n');
  });
});
