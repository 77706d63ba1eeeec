import { EVENT_ID, type Event } from 'js-yaml';

/**
 * How many values YAML aliases may repeat in one file. Merge keys in manifests (`<<: *defaults`)
 * repeat a few dozen values each; an alias bomb (each anchor a list of aliases to the one before)
 * repeats billions from a few hundred bytes, and every later walk over the value (schema, checks,
 * a patch sent to the cluster) would never end.
 */
export const MAX_ALIASED_VALUES = 10_000;

export interface AliasExpansion {
  /** Offset of the alias at which the repeated values passed the limit. */
  readonly offset: number;
  readonly anchor: string;
}

/**
 * Finds the first alias at which the values repeated through aliases exceed `limit`,
 * counting each alias as the whole size of the value its anchor names (nested aliases included).
 */
export function excessiveAliasExpansion(events: readonly Event[], source: string, limit = MAX_ALIASED_VALUES): AliasExpansion | undefined {
  const sizes = new Map<string, number>();
  const open: Array<{ size: number; anchor?: string }> = [];
  let repeated = 0;
  const close = (size: number, anchor: string | undefined): void => {
    if (anchor !== undefined) sizes.set(anchor, size);
    const parent = open[open.length - 1];
    if (parent) parent.size += size;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        open.push({ size: 0 });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        open.push({ size: 1, ...(event.anchorStart >= 0 && { anchor: source.slice(event.anchorStart, event.anchorEnd) }) });
        break;
      case EVENT_ID.SCALAR:
        close(1, event.anchorStart >= 0 ? source.slice(event.anchorStart, event.anchorEnd) : undefined);
        break;
      case EVENT_ID.ALIAS: {
        const anchor = source.slice(event.anchorStart, event.anchorEnd);
        const size = sizes.get(anchor) ?? 1;
        repeated += size;
        if (repeated > limit) return { offset: event.anchorStart - 1, anchor };
        close(size, undefined);
        break;
      }
      case EVENT_ID.POP: {
        const frame = open.pop();
        if (frame) close(frame.size, frame.anchor);
        break;
      }
    }
  }
  return undefined;
}
