import { toWinAnsi } from './win-ansi';

describe('toWinAnsi: text the standard PDF fonts can show', () => {
  it('keeps Italian accents, the euro sign and typographic quotes', () => {
    expect(toWinAnsi('Società “Più” – perché 10 €')).toBe('Società “Più” – perché 10 €');
  });

  it('drops accents WinAnsi lacks and marks letters it cannot show', () => {
    expect(toWinAnsi('Ștefan Łukasz Dvořák')).toBe('Stefan ?ukasz Dvorák');
    expect(toWinAnsi('北京')).toBe('??');
  });

  it('turns tabs, newlines and control characters into spaces; composes decomposed accents first', () => {
    expect(toWinAnsi('a\tb\nc\u0007d')).toBe('a b c d');
    expect(toWinAnsi('Nicolo\u0300')).toBe('Nicolò');
  });
});
