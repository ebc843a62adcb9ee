import { useId } from 'react';
import type { ReportOptions } from '../../shared/reports/protocol';

/** One choice per dimension ('' = all): a supervisor looks at one team or queue at a time. */
export interface FilterChoice {
  team: string;
  channel: string;
  queue: string;
  segment: string;
}

export const NO_FILTER: FilterChoice = { team: '', channel: '', queue: '', segment: '' };

/** The report routes' filter from the choice: only the dimensions chosen. */
export function filterRequest(choice: FilterChoice): { teams?: string[]; channels?: string[]; queues?: string[]; segments?: string[] } {
  return {
    ...(choice.team ? { teams: [choice.team] } : {}),
    ...(choice.channel ? { channels: [choice.channel] } : {}),
    ...(choice.queue ? { queues: [choice.queue] } : {}),
    ...(choice.segment ? { segments: [choice.segment] } : {}),
  };
}

const words = (id: string) => id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function ReportFilters({ options, value, onChange, show = ['team', 'channel', 'queue', 'segment'] }: { options: ReportOptions | null; value: FilterChoice; onChange(next: FilterChoice): void; show?: (keyof FilterChoice)[] }) {
  const id = useId();
  const dimensions: { key: keyof FilterChoice; label: string; all: string; choices: { id: string; name: string }[] }[] = [
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
          <label key={dimension.key} htmlFor={`${id}-${dimension.key}`}>
            {dimension.label}
            <select id={`${id}-${dimension.key}`} value={value[dimension.key]} onChange={(event) => onChange({ ...value, [dimension.key]: event.target.value })}>
              <option value="">{dimension.all}</option>
              {dimension.choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.name === choice.id ? choice.id : `${choice.name} (${choice.id})`}
                </option>
              ))}
            </select>
          </label>
        ))}
      {Object.values(value).some(Boolean) && (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}
