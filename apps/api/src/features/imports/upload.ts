import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { Upload } from './preview.js';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const missingFile = () =>
  new AppError(
    'validation_failed',
    'Send the student list as multipart/form-data in the field "file".',
    [{ path: 'body.file', message: 'is required' }],
  );

/** The uploaded file (buffered, at most 5 MB: larger ones are cut off while streaming) and the mapping. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw missingFile();
  let file: { fileName: string | null; data: Buffer } | undefined;
  let mapping: string | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 },
    })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === 'file') file = { fileName: part.filename || null, data };
      } else if (part.fieldname === 'mapping') {
        mapping = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', 'The file is larger than 5 MB.', undefined, {
        reason: 'file_too_large',
        maxBytes: MAX_UPLOAD_BYTES,
      });
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError(
        'validation_failed',
        'Send one file, and at most the field "mapping" with it.',
        [{ path: 'body', message: 'too many parts' }],
      );
    }
    if (err instanceof AppError) throw err;
    // Anything else the multipart parser (busboy) reports is a broken envelope: no or a wrong
    // boundary, a part cut off, malformed part headers. Nothing has been read into the school.
    throw new AppError(
      'malformed_body',
      `The multipart/form-data body could not be read (${(err as Error).message}). ` +
        'Send the student list as multipart/form-data in the field "file".',
    );
  }
  if (!file) throw missingFile();
  return { ...file, ...(mapping !== undefined ? { mapping } : {}) };
}
