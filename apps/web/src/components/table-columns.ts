/** A header of BaseDataTable: its text (or message key), or that with options. */
export type TableColumn = string | { label: string; srOnly?: boolean; class?: string };
