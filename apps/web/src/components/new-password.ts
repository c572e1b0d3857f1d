import { reactive } from 'vue';

/** What NewPasswordFields shows and edits; the screen keeps it and fills `errors`. */
export interface NewPassword {
  password: string;
  repeat: string;
  show: boolean;
  errors: string[];
}

export const newPassword = (): NewPassword =>
  reactive({ password: '', repeat: '', show: false, errors: [] as string[] });
