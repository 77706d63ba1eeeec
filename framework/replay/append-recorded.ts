import type { Clock } from '../engine/clock.js';
import type { Timeline } from '../observe/timeline.js';
import type { TimelineEntry } from '../observe/timeline-entry.js';

/**
 * Appends a recorded entry to a timeline whose clock has been moved to the entry's time, through the
 * same calls the live run used, so the entry comes out equal to the recorded one (and listeners see it).
 * An entry recorded earlier than the one before it (a system clock set back mid-run) takes the clock's time.
 */
export function appendRecorded(timeline: Timeline, clock: Clock, entry: TimelineEntry): void {
  if (clock.now() < entry.at) throw new Error(`appendRecorded: the clock is at ${clock.now()}, before the entry's time ${entry.at}; move it first`);
  switch (entry.type) {
    case 'change':
      timeline.record({ verb: entry.verb, kind: entry.kind, object: entry.object });
      return;
    case 'http': {
      const { type: _type, at: _at, ...response } = entry;
      timeline.recordResponse(response);
      return;
    }
    case 'marker':
      if (entry.unobserved !== undefined) timeline.markUnobserved(entry.unobserved, entry.text);
      else if (entry.node !== undefined && entry.step !== undefined && (entry.marker === 'node-fault' || entry.marker === 'fault-reverted')) {
        timeline.markNode(entry.marker, entry.text, entry.step, entry.node);
      } else timeline.mark(entry.marker, entry.text, entry.step);
      return;
  }
}
