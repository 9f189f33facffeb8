/** Strings are searched case- and accent-insensitively: both sides are stored and queried folded. */
export function foldString(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}
