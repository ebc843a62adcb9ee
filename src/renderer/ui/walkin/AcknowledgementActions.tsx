import { useEffect, useState } from 'react';
import type { CaseEvent } from '../../../shared/domain/caseEvent';
import { useReadModels, useServices } from '../context';
import { ProblemAlert } from '../ProblemAlert';
import { Icon } from '../Icon';

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Hands the customer their acknowledgement: printed from the desktop app, downloaded in the
 * browser host (the page cannot print a PDF itself). The first hand-over is recorded as the
 * acknowledgement message, which meets the case's first-response clock.
 */
export function AcknowledgementActions({ caseId, events }: { caseId: string; events: readonly CaseEvent[] }) {
  const services = useServices();
  const { sync } = useReadModels();
  const inElectron = services.connection === null;
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Also remembered here: a second hand-over straight after the first must not wait for the read model to record it once.
  const [handedOver, setHandedOver] = useState(false);
  const acknowledged = handedOver || events.some((event) => event.type === 'message.sent' && event.payload.kind === 'acknowledgement');

  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download.url);
  }, [download]);

  async function handOver(mode: 'print' | 'download') {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      if (!acknowledged) {
        const recorded = await sync.append({
          id: crypto.randomUUID(),
          caseId,
          type: 'message.sent',
          payload: { channel: 'walk_in', kind: 'acknowledgement', summary: `Printed acknowledgement with reference ${caseId} handed to the customer at the desk` },
        });
        if (!recorded.ok) return setError(`The hand-over was not recorded: ${recorded.error.message}`);
        setHandedOver(true);
      }
      const pdf = await services.bridge.invoke('acknowledgement.pdf', { caseId });
      if (!pdf.ok) return setError(pdf.error.message);
      if (mode === 'print') {
        const printed = await services.bridge.invoke('print.pdf', { title: `Acknowledgement ${caseId}`, pdfBase64: pdf.value.pdfBase64 });
        if (!printed.ok) return setError(`${printed.error.message}${printed.error.hint ? ` ${printed.error.hint}` : ''}`);
        setStatus('The acknowledgement is open for printing: use Print in its window.');
      } else {
        const url = URL.createObjectURL(new Blob([bytesOf(pdf.value.pdfBase64)], { type: 'application/pdf' }));
        setDownload({ url, fileName: pdf.value.fileName });
        const link = document.createElement('a');
        link.href = url;
        link.download = pdf.value.fileName;
        link.click();
        setStatus('The acknowledgement PDF is downloaded: open it and print it for the customer.');
      }
      if (pdf.value.clocksUnavailableReason) setStatus((s) => `${s ?? ''} Due dates are the policy’s durations (${pdf.value.clocksUnavailableReason}).`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel acknowledgement" aria-label="Acknowledgement for the customer">
      <h2>Acknowledgement for the customer</h2>
      <p>
        Reference number <strong className="mono reference">{caseId}</strong>
      </p>
      <div className="form-actions">
        {inElectron ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void handOver('print')}>
            Print acknowledgement
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => void handOver('download')}>
            Download acknowledgement (PDF)
          </button>
        )}
        {download && (
          <a href={download.url} download={download.fileName}>
            Save again
          </a>
        )}
      </div>
      {acknowledged && <p className="hint">
          <Icon name="done" /> An acknowledgement has been handed over; printing again gives the customer a fresh copy.</p>}
      {status && <p role="status">{status}</p>}
      <ProblemAlert problem={error} />
    </section>
  );
}
