import { clock } from '../clock.ts';

/** Today's date in Asia/Shanghai (YYYY-MM-DD), the office's calendar day. */
export const todayInShanghai = (at: Date = clock().now()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
