import { useId } from 'react';

/** The Accompany mark: two interlocking rings (two people, side by side) on a teal tile. */
export function Logo({ size = 32 }: { size?: number }) {
  const clip = `${useId()}-lower`;
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="logo">
      <defs>
        <clipPath id={clip}>
          <rect x="0" y="32" width="64" height="32" />
        </clipPath>
      </defs>
      <rect width="64" height="64" rx="14" fill="#0b5f73" />
      <circle cx="39.5" cy="32" r="12" fill="none" stroke="#9fe0d6" strokeWidth="5" />
      <circle cx="24.5" cy="32" r="12" fill="none" stroke="#ffffff" strokeWidth="5" />
      <circle
        cx="39.5"
        cy="32"
        r="12"
        fill="none"
        stroke="#9fe0d6"
        strokeWidth="5"
        clipPath={`url(#${clip})`}
      />
    </svg>
  );
}
