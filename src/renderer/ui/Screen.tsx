import type { ReactNode, Ref } from 'react';

/**
 * A workspace screen: a section named by its heading, and the head line — the heading, a count or
 * summary, then the screen's own actions or status. The heading takes tabIndex -1 because
 * navigation focuses it (focusMainHeading), so that a keyboard or screen-reader user lands on the
 * screen they opened rather than on the page body.
 */
export function Screen({
  className,
  titleId,
  title,
  count,
  actions,
  headingRef,
  children,
}: {
  className: string;
  /** The heading's id: the section is named by it, and tables in the screen may be too. */
  titleId: string;
  title: ReactNode;
  /** A short line beside the heading (how many, as of when); none while it is not known. */
  count?: ReactNode;
  /** What else stands in the head line after the count: buttons, toggles, a live status. */
  actions?: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  return (
    <section className={className} aria-labelledby={titleId}>
      <div className="screen-head">
        <h1 id={titleId} ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
        {count ? <p className="count">{count}</p> : null}
        {actions}
      </div>
      {children}
    </section>
  );
}
