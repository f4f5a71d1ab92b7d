import type { ComponentChildren } from 'preact';
import { formatUtc } from './format.js';

/** A time in UTC with its ISO value for machines; mbd.js shows it in the reader's local time, the UTC value on hover. */
export function Time({ at }: { readonly at: string }) {
  const utc = formatUtc(at);
  return (
    <time datetime={at} title={utc}>
      {utc}
    </time>
  );
}

const STATE_CLASS: Record<string, string> = {
  installed: 'ok',
  built: 'ok',
  successful: 'ok',
  accepted: 'ok',
  ready: 'ok',
  rejected: 'bad',
  failed: 'bad',
  'timed-out': 'bad',
  'wrong-result': 'bad',
  cancelled: 'bad',
  building: 'busy',
  received: 'busy',
  'needs-build': 'busy',
  'dep-wait': 'busy',
};

/** A state as a coloured word (the word itself carries the meaning, the colour only helps). */
export function State({ state }: { readonly state: string }) {
  return <span class={`state ${STATE_CLASS[state] ?? ''}`.trim()}>{state}</span>;
}

export interface PagerProps {
  /** The URL of the newer page, when there is one. */
  readonly newer?: string;
  /** The URL of the older page, when there is one. */
  readonly older?: string;
}

/** Keyset paging links: newest first, "Older" goes further into the past. */
export function Pager({ newer, older }: PagerProps) {
  if (!newer && !older) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <ul>
        <li>{newer ? <a href={newer}>← Newer</a> : <span aria-disabled="true">← Newer</span>}</li>
        <li>{older ? <a href={older} rel="next">Older →</a> : <span aria-disabled="true">Older →</span>}</li>
      </ul>
    </nav>
  );
}

export interface ActionFormProps {
  /** Where the form posts (a page route that does the action and redirects to its result). */
  readonly action: string;
  readonly csrf: string;
  /** What the confirmation asks before anything changes. */
  readonly confirm: string;
  readonly label: string;
  /** Hidden fields the action needs. */
  readonly fields?: Readonly<Record<string, string | number>>;
  readonly children?: ComponentChildren;
  readonly danger?: boolean;
}

/**
 * A form that changes something: POST with the session's CSRF token, and a confirmation (mbd.js asks
 * before it is sent; without JavaScript the result page shows what happened).
 */
export function ActionForm({ action, csrf, confirm, label, fields = {}, children, danger }: ActionFormProps) {
  return (
    <form method="post" action={action} class="inline" data-confirm={confirm}>
      <input type="hidden" name="_csrf" value={csrf} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={String(value)} />
      ))}
      {children}
      <button type="submit" class={danger ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

/** A snippet to copy (sources.list, .sources, dput.cf): shown as text, with a copy button mbd.js enables. */
export function Snippet({ id, label, text }: { readonly id: string; readonly label: string; readonly text: string }) {
  return (
    <figure class="snippet">
      <figcaption>{label}</figcaption>
      <pre id={id}>{text}</pre>
      <button type="button" class="copy" data-copy={id} hidden>
        Copy
      </button>
    </figure>
  );
}

/** A table's head: one column header per name, in order. */
export function Columns({ names }: { readonly names: readonly string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th scope="col">{name}</th>
        ))}
      </tr>
    </thead>
  );
}

export interface FilterSelectProps {
  readonly label: string;
  /** The query parameter it sets. */
  readonly name: string;
  readonly options: readonly string[];
  /** The value now filtered on (absent or empty: none, so `any` is selected). */
  readonly value?: string | undefined;
  /** The words of the first option, which filters on nothing. */
  readonly any?: string;
}

/** A labelled filter of a GET form: one of `options`, or the first option (value ""), which leaves it out. */
export function FilterSelect({ label, name, options, value, any = 'any' }: FilterSelectProps) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="" selected={!value}>
          {any}
        </option>
        {options.map((option) => (
          <option value={option} selected={value === option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled choice a form must make: one of `options`, the first chosen unless the reader picks another. */
export function RequiredSelect({ label, name, options }: { readonly label: string; readonly name: string; readonly options: readonly string[] }) {
  return (
    <label>
      {label}
      <select name={name} required>
        {options.map((option) => (
          <option value={option}>{option}</option>
        ))}
      </select>
    </label>
  );
}

export interface TextFilterProps {
  readonly label: string;
  /** The query parameter it sets. */
  readonly name: string;
  /** The value now filtered on (absent: the field is empty). */
  readonly value?: string | undefined;
  /** An example of what to type. */
  readonly placeholder?: string;
}

/** A labelled text filter of a GET form, keeping the value now filtered on (the browser's autocomplete stays out of the way). */
export function TextFilter({ label, name, value, placeholder }: TextFilterProps) {
  return (
    <label>
      {label}
      <input type="text" name={name} value={value ?? ''} placeholder={placeholder} autocomplete="off" />
    </label>
  );
}

export interface NamePagerProps {
  /** What is paged, for screen readers (`Pages of this directory`). */
  readonly label: string;
  /** The URL of the first page, when this is not it. */
  readonly first?: string | undefined;
  /** The URL of the next page, when there is one. */
  readonly next?: string | undefined;
}

/** Keyset paging through a list by name: "← First" back to the start, "Next →" on; nothing when it fits on one page. */
export function NamePager({ label, first, next }: NamePagerProps) {
  if (first === undefined && next === undefined) return null;
  return (
    <nav class="pager" aria-label={label}>
      <ul>
        <li>{first !== undefined ? <a href={first}>← First</a> : <span aria-disabled="true">← First</span>}</li>
        <li>
          {next !== undefined ? (
            <a href={next} rel="next">
              Next →
            </a>
          ) : (
            <span aria-disabled="true">Next →</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
