import type { PageContext } from '../page-context.js';

export interface TimeTravelPickerProps {
  readonly context: PageContext;
  readonly repository: string;
}

/**
 * The time-travel picker: a GET form to `/archive/<id>` (which sends the browser on to
 * `/archive/<id>/<at>/`) with a moment in UTC or a log position.
 */
export function TimeTravelPicker({ context, repository }: TimeTravelPickerProps) {
  return (
    <form method="get" action={`/archive/${encodeURIComponent(repository)}`} id="time-travel" aria-labelledby="time-travel-title">
      <fieldset>
        <legend id="time-travel-title">Browse the archive as it was</legend>
        <div class="grid">
          <label for="time-travel-time">
            As it was at (UTC)
            <input type="datetime-local" id="time-travel-time" name="time" step="1" />
          </label>
          <label for="time-travel-position">
            or just after event (log position)
            <input type="number" id="time-travel-position" name="position" min="1" step="1" inputmode="numeric" />
          </label>
        </div>
        <small>
          Empty: the archive now. A position wins over a time.
          {context.viewer ? '' : ' Without signing in only the present can be browsed; the past needs a signed-in session.'}
        </small>
      </fieldset>
      <button type="submit">Browse</button>
    </form>
  );
}

export interface ArchiveDiffFormProps {
  readonly repository: string;
  readonly from?: string;
  readonly to?: string;
}

/** A GET form to `/archive/<id>/diff`: what entered and left each distribution between two moments. */
export function ArchiveDiffForm({ repository, from = '', to = '' }: ArchiveDiffFormProps) {
  return (
    <form method="get" action={`/archive/${encodeURIComponent(repository)}/diff`} id="archive-diff-form" aria-labelledby="archive-diff-title">
      <fieldset>
        <legend id="archive-diff-title">What changed between two moments</legend>
        <div class="grid">
          <label for="archive-diff-from">
            From (a log position, or a time like 2026-11-30T12:00:00Z)
            <input type="text" id="archive-diff-from" name="from" value={from} required />
          </label>
          <label for="archive-diff-to">
            To (empty: now)
            <input type="text" id="archive-diff-to" name="to" value={to} />
          </label>
        </div>
      </fieldset>
      <button type="submit">Compare</button>
    </form>
  );
}
