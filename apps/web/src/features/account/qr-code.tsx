import { useEffect, useState } from 'react';

/**
 * The otpauth:// URI as an inline SVG QR code. The encoder is loaded on demand,
 * so only people setting up two-factor download it.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [qr, setQr] = useState<{ size: number; path: string } | null>(null);

  useEffect(() => {
    let alive = true;
    void import('qrcode').then((mod) => {
      const code = mod.create(value, { errorCorrectionLevel: 'M' });
      const { size } = code.modules;
      let path = '';
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          if (code.modules.get(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`;
        }
      }
      if (alive) setQr({ size: size + 8, path });
    });
    return () => {
      alive = false;
    };
  }, [value]);

  if (!qr) return <div className="qr qr-placeholder" role="img" aria-label={label} />;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={qr.size} height={qr.size} fill="#ffffff" />
      <path d={qr.path} fill="#000000" />
    </svg>
  );
}

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, easier to copy by hand. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}
