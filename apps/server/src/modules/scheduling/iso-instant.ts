// An instant as ISO 8601 UTC text, the same as Date.prototype.toISOString for the years 1970-9999,
// several times faster: a 90-day slot listing writes thousands of them, and toISOString was most
// of its time. The date part is made once per day and kept (a bounded cache, and the last day
// at hand, since a listing writes its instants in order); hours and minutes come from a table of
// the day's 1,440 minutes; whole minutes (every slot) skip the seconds arithmetic.

const DAY = 86_400_000;
const MINUTE = 60_000;
const days = new Map<number, string>();
let lastDay = Number.NaN;
let lastDate = '';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
const clock = Array.from({ length: 1440 }, (_, m) => `${two(Math.floor(m / 60))}:${two(m % 60)}:`);

function dateOf(day: number): string {
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= 4096) days.clear();
    date = new Date(day * DAY).toISOString().slice(0, 11);
    days.set(day, date);
  }
  return date;
}

export function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  if (day !== lastDay) {
    lastDate = dateOf(day);
    lastDay = day;
  }
  const rest = ms - day * DAY;
  const minute = Math.floor(rest / MINUTE);
  const within = rest - minute * MINUTE;
  if (within === 0) return `${lastDate}${clock[minute]!}00.000Z`;
  return `${lastDate}${clock[minute]!}${two(Math.floor(within / 1000))}.${three(within % 1000)}Z`;
}
