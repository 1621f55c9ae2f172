import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/csv.js';

describe('toCsv', () => {
  it('should quote commas, quotes and newlines as RFC 4180 says, with CRLF rows', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', null, 3]])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,3\r\n',
    );
  });
  it('should defuse cells a spreadsheet would run as formulas', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1)\r\n`,
    );
  });
  it('should leave negative numbers as numbers', () => {
    expect(toCsv([[-2.5]])).toBe('-2.5\r\n');
  });
});
