/** The Accompany mark: two overlapping circles (two people, side by side) on a teal tile. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="logo">
      <rect width="64" height="64" rx="16" fill="#0b5f73" />
      <circle cx="25" cy="32" r="13" fill="none" stroke="#ffffff" strokeWidth="5" />
      <circle cx="39" cy="32" r="13" fill="none" stroke="#9fe0d6" strokeWidth="5" />
    </svg>
  );
}
