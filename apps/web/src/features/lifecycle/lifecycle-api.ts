import type { Locale } from '@schoolloket/core';
import { api, saveFile, unwrap, type Ok } from '../../api/client';

export type LifecyclePreview = Ok<'/api/v1/institutions/{iid}/lifecycle/preview', 'get'>;

/** The dry run of the end of the school year; without a date, the next 30 June. */
export async function previewSchoolYear(iid: string, date?: string): Promise<LifecyclePreview> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/lifecycle/preview', {
      params: { path: { iid }, query: date ? { date } : {} },
    }),
  );
}

export async function downloadSchoolYear(iid: string, date: string, locale: Locale) {
  return saveFile(
    await api.GET('/api/v1/institutions/{iid}/lifecycle/preview/xlsx', {
      params: { path: { iid }, query: { date, locale } },
      parseAs: 'blob',
    }),
  );
}

export type Erasure = LifecyclePreview['erasures'][number];

/** Today in Brussels plus `days`, as YYYY-MM-DD (the school's calendar, whatever the browser's zone). */
export function brusselsDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Brussels',
  });
}

/** The day after `day` (YYYY-MM-DD): data kept through `eraseOn` are erased the day after. */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Students whose data are erased within a month: the notice on the dashboard. */
export async function erasuresWithinMonth(iid: string): Promise<Erasure[]> {
  return (await previewSchoolYear(iid, brusselsDay(30))).erasures;
}

export async function keepStudent(iid: string, sid: string, keepUntil: string | null) {
  return unwrap(
    await api.PUT('/api/v1/institutions/{iid}/students/{sid}/keep', {
      params: { path: { iid, sid } },
      body: { keepUntil },
    }),
  );
}

export async function eraseStudent(iid: string, sid: string, confirmation: string) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/students/{sid}/erase', {
      params: { path: { iid, sid } },
      body: { confirmation },
    }),
  );
}

/** The access download of one student: everything held on it, as JSON or PDF (logged). */
export async function downloadPersonalData(
  iid: string,
  sid: string,
  format: 'json' | 'pdf',
  locale: Locale,
) {
  const params = { path: { iid, sid } };
  return saveFile(
    format === 'json'
      ? await api.GET('/api/v1/institutions/{iid}/students/{sid}/personal-data', {
          params,
          parseAs: 'blob',
        })
      : await api.GET('/api/v1/institutions/{iid}/students/{sid}/personal-data/pdf', {
          params: { ...params, query: { locale } },
          parseAs: 'blob',
        }),
  );
}
