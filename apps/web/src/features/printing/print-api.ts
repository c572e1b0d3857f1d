import { api, download, unwrap } from '../../api/client';
import type { Selection } from '../accounts/account-api';

export type Format = 'zip' | 'cards' | 'stickers' | 'xlsx';
export interface PrintChoice {
  format: Format;
  firstSticker: number;
  groupPages: boolean;
}

export async function school(iid: string) {
  return unwrap(await api.GET('/api/v1/institutions/{iid}', { params: { path: { iid } } }));
}

export async function saveOffset(iid: string, x: number, y: number) {
  return unwrap(
    await api.PATCH('/api/v1/institutions/{iid}', {
      params: { path: { iid } },
      body: { printOffsetXMm: x, printOffsetYMm: y },
    }),
  );
}

/** The selection's printable accounts with masked secrets, for the preview. */
export async function sample(iid: string, selection: Selection) {
  return (
    unwrap(
      await api.POST('/api/v1/institutions/{iid}/exports/preview', {
        params: { path: { iid } },
        body: { ...selection, sample: true },
      }),
    ).sample ?? []
  );
}

export function downloadPrint(
  iid: string,
  source: { batchId: string } | { selection: Selection },
  choice: PrintChoice,
) {
  if ('batchId' in source) {
    const q = new URLSearchParams({
      format: choice.format,
      firstSticker: String(choice.firstSticker),
      groupPages: String(choice.groupPages),
    });
    return download(`/api/v1/institutions/${iid}/batches/${source.batchId}/export?${q}`, {
      method: 'GET',
      headers: {},
    });
  }
  return download(`/api/v1/institutions/${iid}/exports`, {
    method: 'POST',
    body: JSON.stringify({ ...source.selection, ...choice }),
  });
}
