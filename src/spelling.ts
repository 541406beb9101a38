// How a language spells false and true: its boolean literals, and the other spellings it accepts as literals (Java's
// Boolean.FALSE). A literal is flipped, recorded and restored in the spelling it was written in.
import type { Language } from "./model";

/** Every spelling of [false, true] the language accepts, its plain literals first. */
export function spellingsOf(language: Language): ReadonlyArray<readonly [string, string]> {
  return [[language.spell(false), language.spell(true)], ...(language.spellings ?? [])];
}

/** The value a literal spelling stands for, or undefined when the text is not one. */
export function literalValue(language: Language, text: string): boolean | undefined {
  const read = language.booleanText?.(text);
  if (read !== undefined) return read;
  for (const [off, on] of spellingsOf(language)) {
    if (text === off) return false;
    if (text === on) return true;
  }
  return undefined;
}

/** `value`, spelled the way `written` is (Boolean.FALSE -> Boolean.TRUE); the plain literal otherwise. */
export function respell(language: Language, written: string | undefined, value: boolean): string {
  const pair = written === undefined ? undefined : spellingsOf(language).find((p) => p.includes(written));
  return pair ? pair[value ? 1 : 0] : language.spell(value);
}
