import { ref } from 'vue';

/**
 * Copying a text to the clipboard, and what became of the last try: `state` is '' (not yet, or
 * after `state.value = ''`), 'copied', or 'failed' when the browser refused (no permission, no
 * secure context). `copy` answers whether it worked, for a fallback such as selecting the text.
 */
export function useClipboard() {
  const state = ref<'' | 'copied' | 'failed'>('');
  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      state.value = 'copied';
      return true;
    } catch {
      state.value = 'failed';
      return false;
    }
  }
  return { state, copy };
}
