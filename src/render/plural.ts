// One way to say a count in every text output: `1 file`, `2 files`, `0 sites`; never `file(s)` nor `1 files`.

/** `count(1, "site")` is `1 site`; `count(2, "site")` is `2 sites`; the plural defaults to the singular plus "s". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
