import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BatchResult } from '../features/accounts/account-api';

/** The last creation result, kept in memory only: it holds passwords. */
export const useBatchStore = defineStore('batch', () => {
  const result = ref<BatchResult | null>(null);
  return { result };
});
