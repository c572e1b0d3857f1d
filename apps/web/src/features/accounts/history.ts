import { RETURNING_REASON } from '@schoolloket/core';

// What the account history shows of an event's detail, as plain text the table lays out: the
// label, each field that changed (from → to), where the change came from and why.

/** The translation functions of the component (vue-i18n's), and its calendar-date format. */
export interface HistoryText {
  t: (key: string, values?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
  /** 'YYYY-MM-DD' (or a full ISO time) → the UI's date, "7 december 2026". */
  date: (iso: string) => string;
}

export interface ShownChange {
  /** The field's label; none for an event that changes one thing (a username). */
  field: string | null;
  from: string;
  to: string;
}

export interface ShownEvent {
  label: string;
  changes: ShownChange[];
  /** Made by a file import (with its id, to link to it) or by the API's sync. */
  via: { kind: 'import' | 'api_sync'; importId: string | null } | null;
  reason: string | null;
}

export { RETURNING_REASON };

/** A block's reason as the admin reads it: the returning hold explained, anything else as typed. */
export function blockReasonText(reason: string, t: HistoryText['t']): string {
  return reason === RETURNING_REASON ? t('accounts.returningHold') : reason;
}

const DATE_FIELDS = new Set(['birthDate', 'enrolledUntil', 'keepUntil']);

function value(field: string, v: unknown, text: HistoryText): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length))
    return text.t('accounts.history.emptyValue');
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v !== 'string') return JSON.stringify(v);
  if (DATE_FIELDS.has(field)) return text.date(v);
  if (field === 'gender' && text.te(`students.genders.${v}`))
    return text.t(`students.genders.${v}`);
  return v;
}

function fieldLabel(field: string, text: HistoryText): string {
  const key = `accounts.history.fields.${field}`;
  return text.te(key) ? text.t(key) : field;
}

function label(kind: string, detail: Record<string, unknown>, text: HistoryText): string {
  // An enrolment event says what happened to it: new, changed, back, or ended.
  const change = `accounts.history.enrolment.${String(detail.change)}`;
  if (kind === 'enrolment_changed' && text.te(change)) return text.t(change);
  const key = `accounts.events.${kind}`;
  return text.te(key)
    ? text.t(key, { app: typeof detail.app === 'string' ? detail.app : '' })
    : kind;
}

/** One event of GET …/history as the table shows it. */
export function describeEvent(
  event: { kind: string; detail: Record<string, unknown> },
  text: HistoryText,
): ShownEvent {
  const { kind, detail } = event;
  const changes: ShownChange[] = [];
  if (Array.isArray(detail.changes)) {
    for (const c of detail.changes as Array<{ field?: unknown; from?: unknown; to?: unknown }>) {
      if (typeof c?.field !== 'string') continue;
      changes.push({
        field: fieldLabel(c.field, text),
        from: value(c.field, c.from, text),
        to: value(c.field, c.to, text),
      });
    }
  } else if ('from' in detail || 'to' in detail) {
    // One thing changed (a username, the keep-until date): no field name needed.
    const field = kind === 'keep_until_changed' ? 'keepUntil' : kind;
    changes.push({
      field: null,
      from: value(field, detail.from, text),
      to: value(field, detail.to, text),
    });
  }
  const source = detail.source;
  const via: ShownEvent['via'] =
    source === 'import' || source === 'api_sync'
      ? { kind: source, importId: typeof detail.importId === 'string' ? detail.importId : null }
      : null;
  const reason =
    (kind === 'blocked' || kind === 'erased') && typeof detail.reason === 'string'
      ? blockReasonText(detail.reason, text.t)
      : null;
  return { label: label(kind, detail, text), changes, via, reason };
}

/**
 * The events shown so far followed by an older page. An event recorded since the first page
 * pushes the pages down by one, so the next page can repeat one already shown: kept once.
 */
export function appendEvents<E extends { id: string }>(shown: E[], older: E[]): E[] {
  const ids = new Set(shown.map((e) => e.id));
  return [...shown, ...older.filter((e) => !ids.has(e.id))];
}
