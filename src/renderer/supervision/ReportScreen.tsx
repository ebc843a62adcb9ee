import type { ReactNode } from 'react';
import { Screen } from '../ui/Screen';

/** What the frame needs of a report the screen shows (a useReport state). */
type ReportProgress = { state: 'loading' | 'ready' | 'failed'; message?: string };

/**
 * The frame of every report screen: the heading (navigation focuses it; the section is named by
 * it), a summary line, a live status while any of `reports` loads, the filters, and the first
 * refusal or error among them — the service's sentence, with what to do — above the content.
 * Without `loadingText` there is no status line (a screen that shows a form, not reports).
 */
export function ReportScreen({
  titleId,
  title,
  summary,
  reports = [],
  loadingText,
  filters,
  children,
}: {
  titleId: string;
  title: ReactNode;
  summary?: ReactNode;
  reports?: readonly ReportProgress[];
  loadingText?: string;
  filters?: ReactNode;
  children: ReactNode;
}) {
  const failure = reports.find((report) => report.state === 'failed')?.message;
  const loading = reports.some((report) => report.state === 'loading');
  return (
    <Screen
      className="report-screen"
      titleId={titleId}
      title={title}
      count={summary}
      actions={
        loadingText !== undefined && (
          <p role="status" className="hint">
            {loading ? loadingText : ''}
          </p>
        )
      }
    >
      {filters}
      {failure && (
        <p className="alert" role="alert">
          {failure}
        </p>
      )}
      {children}
    </Screen>
  );
}
