import { useMemo } from 'react';
import QRCode from 'qrcode';

/**
 * The otpauth:// URI as a QR code for an authenticator app, drawn as SVG from the code's modules
 * (no canvas, no data URL, nothing for the content security policy to allow).
 */
export function TotpQrCode({ uri }: { uri: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = QRCode.create(uri, { errorCorrectionLevel: 'M' });
    const cells: string[] = [];
    for (let row = 0; row < modules.size; row += 1) {
      for (let col = 0; col < modules.size; col += 1) if (modules.get(row, col)) cells.push(`M${col + 4},${row + 4}h1v1h-1z`);
    }
    return { size: modules.size + 8, path: cells.join('') };
  }, [uri]);
  return (
    <svg className="totp-qr" role="img" aria-label="QR code to scan with your authenticator app" viewBox={`0 0 ${size} ${size}`} width={size * 5} height={size * 5} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
