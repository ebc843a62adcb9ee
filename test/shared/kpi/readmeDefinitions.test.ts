import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { KPI_DEFINITIONS } from '../../../src/shared/kpi/definitions';
import { KPI_IDS } from '../../../src/shared/kpi/targets';

/** The README's KPI table is what supervisors read: it must say what the code computes. */
it('documents every KPI in the README with the definition the reports show', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### KPI definitions'));
  for (const id of KPI_IDS) {
    const { label, definition } = KPI_DEFINITIONS[id];
    expect(section, id).toContain(`| ${label} | ${definition.replace(/\|/g, '\\|')} |`);
  }
});
