/**
 * A time as a report's reader reads it: local, to the second, with the offset ("2026-12-06 11:23:08
 * (UTC+09:00)"), not an ISO string in UTC. Review and compare reports share it.
 */
export function localTime(iso: string | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} (UTC${zone})`;
}
