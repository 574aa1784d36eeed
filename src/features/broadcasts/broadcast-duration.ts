// How long a broadcast takes, in words. MoltFlow spaces recipients 30 s to 2 min apart at random
// (moltflow-api.md §4.6), so a broadcast's length is a range, not a number.

export const SPACING_MIN_MS = 30_000;
export const SPACING_MAX_MS = 120_000;

/** "45 s", "12 min", "1 h 3 min", "2 h": floored, so a range never promises more than it knows. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** "about 1 h 3 min – 4 h 14 min" for 127 recipients. */
export function expectedDuration(recipients: number): string {
  const n = Math.max(0, recipients);
  return `about ${formatDuration(n * SPACING_MIN_MS)} – ${formatDuration(n * SPACING_MAX_MS)}`;
}
