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

export async function downloadSchoolYear(iid: string, date: string, locale: 'nl' | 'fr' | 'en') {
  return saveFile(
    await api.GET('/api/v1/institutions/{iid}/lifecycle/preview/xlsx', {
      params: { path: { iid }, query: { date, locale } },
      parseAs: 'blob',
    }),
  );
}
