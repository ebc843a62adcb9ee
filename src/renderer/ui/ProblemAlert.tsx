import { Icon } from './Icon';

/** What went wrong, announced at once to screen readers; marked by an icon and text, not colour alone. */
export function ProblemAlert({ problem }: { problem: string | null | undefined }) {
  if (!problem) return null;
  return (
    <p className="alert" role="alert">
      <Icon name="problem" />{' '}
      {problem}
    </p>
  );
}
