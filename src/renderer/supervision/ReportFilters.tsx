import { useId, useState } from 'react';
import type { ReportOptions } from '../../shared/reports/protocol';

/** The chosen values per dimension (none chosen = all): several teams, channels, queues or segments at once. */
export interface FilterChoice {
  team: readonly string[];
  channel: readonly string[];
  queue: readonly string[];
  segment: readonly string[];
}

export const NO_FILTER: FilterChoice = { team: [], channel: [], queue: [], segment: [] };

/** The report routes' filter from the choice: only the dimensions with something chosen. */
export function filterRequest(choice: FilterChoice): { teams?: string[]; channels?: string[]; queues?: string[]; segments?: string[] } {
  return {
    ...(choice.team.length > 0 ? { teams: [...choice.team] } : {}),
    ...(choice.channel.length > 0 ? { channels: [...choice.channel] } : {}),
    ...(choice.queue.length > 0 ? { queues: [...choice.queue] } : {}),
    ...(choice.segment.length > 0 ? { segments: [...choice.segment] } : {}),
  };
}

/** The filter in words for an exported file's name: "teams T1-EAST T1-WEST channels phone"; '' without a filter. */
export function filterSuffix(choice: FilterChoice): string {
  const parts: [string, readonly string[]][] = [
    ['teams', choice.team],
    ['channels', choice.channel],
    ['queues', choice.queue],
    ['segments', choice.segment],
  ];
  return parts
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join(' ');
}

/** An export suffix with the filter, so a CSV says which teams, channels, queues and segments it holds. */
export function withFilter(suffix: string, choice: FilterChoice): string {
  const filter = filterSuffix(choice);
  return filter ? `${suffix} ${filter}` : suffix;
}

const words = (id: string) => id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

type Dimension = { key: keyof FilterChoice; label: string; all: string; choices: { id: string; name: string }[] };

/**
 * Multi-select filters: per dimension a button that opens a group of checkboxes (the disclosure
 * pattern; its name says what is chosen, "Team: T1-EAST, T1-WEST" or "Team: All teams").
 * Keyboard: Tab to the button, Enter or Space opens it, Tab through the boxes, Space ticks.
 */
export function ReportFilters({ options, value, onChange, show = ['team', 'channel', 'queue', 'segment'] }: { options: ReportOptions | null; value: FilterChoice; onChange(next: FilterChoice): void; show?: (keyof FilterChoice)[] }) {
  const dimensions: Dimension[] = [
    { key: 'team', label: 'Team', all: 'All teams', choices: options?.teams ?? [] },
    { key: 'channel', label: 'Channel', all: 'All channels', choices: (options?.channels ?? []).map((channel) => ({ id: channel, name: words(channel) })) },
    { key: 'queue', label: 'Queue', all: 'All queues', choices: options?.queues ?? [] },
    { key: 'segment', label: 'Segment', all: 'All segments', choices: (options?.segments ?? []).map((segment) => ({ id: segment, name: words(segment) })) },
  ];
  return (
    <fieldset className="report-filters">
      <legend>Filters</legend>
      {dimensions
        .filter((dimension) => show.includes(dimension.key))
        .map((dimension) => (
          <MultiSelect key={dimension.key} dimension={dimension} chosen={value[dimension.key]} onChange={(chosen) => onChange({ ...value, [dimension.key]: chosen })} />
        ))}
      {Object.values(value).some((chosen: readonly string[]) => chosen.length > 0) && (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}

function MultiSelect({ dimension, chosen, onChange }: { dimension: Dimension; chosen: readonly string[]; onChange(next: string[]): void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const nameOf = (choiceId: string) => dimension.choices.find((choice) => choice.id === choiceId)?.name ?? choiceId;
  const summary = chosen.length === 0 ? dimension.all : chosen.map((choiceId) => (dimension.key === 'team' || dimension.key === 'queue' ? choiceId : nameOf(choiceId))).join(', ');
  const toggle = (choiceId: string, on: boolean) => {
    // Kept in the options' order, so the same selection always asks the same question.
    const next = new Set(chosen);
    if (on) next.add(choiceId);
    else next.delete(choiceId);
    onChange(dimension.choices.map((choice) => choice.id).filter((candidate) => next.has(candidate)));
  };
  return (
    <div className="filter-multi">
      <button type="button" aria-expanded={open} aria-controls={`${id}-choices`} onClick={() => setOpen(!open)}>
        {dimension.label}: {summary}
      </button>
      <fieldset id={`${id}-choices`} className="filter-choices" hidden={!open}>
        <legend className="visually-hidden">{dimension.label}</legend>
        {dimension.choices.map((choice) => (
          <label key={choice.id} className="filter-choice">
            <input type="checkbox" checked={chosen.includes(choice.id)} onChange={(event) => toggle(choice.id, event.target.checked)} />
            {choice.name === choice.id ? choice.id : `${choice.name} (${choice.id})`}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
