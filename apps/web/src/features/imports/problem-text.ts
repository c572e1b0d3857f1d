import { ApiError, problemMessage } from '../../api/client';

/** The admin's sentence for an import problem: by reason, then by code, else the generic one. */
export function importProblem(
  error: unknown,
  t: (key: string) => string,
  te: (key: string) => boolean,
) {
  if (error instanceof ApiError) {
    const reason = (error.problem as { reason?: string }).reason;
    for (const key of [reason, error.problem.code]) {
      if (key && te(`imports.problems.${key}`)) return t(`imports.problems.${key}`);
    }
  }
  return problemMessage(error);
}
