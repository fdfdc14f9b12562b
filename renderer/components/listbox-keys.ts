// The keys of a single-select listbox (the collection list, the People list): arrows, Home/End
// and PageUp/PageDown move the selection; ArrowUp with nothing selected goes to the last option.

/**
 * The option `key` selects, among `count` with the one at `at` selected (-1: none) and `page`
 * options a page, kept inside the list; undefined for a key the listbox does not use.
 */
export function listboxKeyTarget(key: string, at: number, count: number, page: number): number | undefined {
  const to: Record<string, number> = {
    ArrowDown: at + 1,
    ArrowUp: at === -1 ? count - 1 : at - 1,
    Home: 0,
    End: count - 1,
    PageDown: at + page,
    PageUp: at - page,
  };
  if (!Object.hasOwn(to, key)) return undefined;
  return Math.max(0, Math.min(count - 1, to[key]!));
}
