// One line of `pnpm bench`'s table and of bench/results.json (every scenario script adds rows).
export type Row = {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** the target, as printed: "≤ 3", "≥ 1500", "0.8–1.25" */
  floor?: string;
  ok?: boolean;
};
