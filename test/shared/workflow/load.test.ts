import { describe, expect, it } from 'vitest';
import { buildWorkflowRegistry, loadWorkflowDefinition, formatJsonPath, type DefinitionError } from '../../../src/shared/workflow';

/** A small valid definition each test breaks in one way. */
function valid() {
  return {
    id: 'mini',
    version: 1,
    title: 'Mini workflow',
    caseTypes: ['complaint'],
    defaultSeverity: 'low',
    start: 'ask',
    steps: [
      {
        id: 'ask',
        title: 'Ask',
        script: 'What happened?',
        fields: [
          { id: 'kind', label: 'Kind', type: 'choice', required: true, options: [{ value: 'fee', label: 'Fee' }, { value: 'other', label: 'Other' }] },
          { id: 'amount', label: 'Amount', type: 'money', required: false },
        ],
        next: { branches: [{ when: { field: 'kind', equals: 'fee' }, goto: 'fee' }], default: 'done' },
      },
      { id: 'fee', title: 'Fee', script: 'Let me check the fee.', next: 'done' },
      { id: 'done', title: 'Done', script: 'Thank you.' },
    ],
  };
}

type Mini = ReturnType<typeof valid> & Record<string, unknown>;

function errorsOf(mutate: (d: Mini) => void, file = 'mini.v1.json'): DefinitionError[] {
  const definition = valid() as Mini;
  mutate(definition);
  const result = loadWorkflowDefinition(file, definition);
  if (result.ok) throw new Error('expected the definition to be rejected');
  return result.errors;
}

const step = (d: Mini, i: number) => d.steps[i] as Record<string, unknown> & { fields?: Record<string, unknown>[] };

describe('loadWorkflowDefinition', () => {
  it('accepts a valid definition and fills defaults', () => {
    const result = loadWorkflowDefinition('mini.v1.json', valid());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.steps[2]?.disclosures).toEqual([]);
  });

  it('accepts the file text as well as parsed JSON', () => {
    expect(loadWorkflowDefinition('mini.v1.json', JSON.stringify(valid())).ok).toBe(true);
  });

  it('rejects text that is not JSON, naming the file', () => {
    const result = loadWorkflowDefinition('broken.json', '{ "id": ');
    expect(result).toMatchObject({ ok: false, errors: [{ file: 'broken.json', path: '$' }] });
  });

  it('rejects a dangling branch at the path of its goto', () => {
    const errors = errorsOf((d) => {
      (step(d, 0).next as { branches: { goto: string }[] }).branches[0]!.goto = 'nowhere';
    });
    expect(errors).toContainEqual({ file: 'mini.v1.json', path: '$.steps[0].next.branches[0].goto', message: 'goes to step "nowhere", which does not exist' });
  });

  it('rejects a dangling default and a dangling plain next', () => {
    const errors = errorsOf((d) => {
      (step(d, 0).next as { default: string }).default = 'gone';
      step(d, 1).next = 'also_gone';
    });
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['$.steps[0].next.default', '$.steps[1].next']));
  });

  it('rejects a missing start step', () => {
    const errors = errorsOf((d) => {
      d.start = 'begin';
    });
    expect(errors).toContainEqual({ file: 'mini.v1.json', path: '$.start', message: 'start step "begin" is not a step in this workflow' });
  });

  it('rejects an unreachable step', () => {
    const errors = errorsOf((d) => {
      d.steps.push({ id: 'orphan', title: 'Orphan', script: 'Never read.' });
    });
    expect(errors).toEqual([{ file: 'mini.v1.json', path: '$.steps[3]', message: 'step "orphan" can never be reached from the start step "ask"' }]);
  });

  it('rejects an unknown field type, naming the type and the allowed ones', () => {
    const errors = errorsOf((d) => {
      step(d, 0).fields![1]!.type = 'currency';
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'mini.v1.json', path: '$.steps[0].fields[1].type' });
    expect(errors[0]?.message).toBe('unknown field type "currency"; expected one of text, money, datetime, choice, yes_no, attachments, transaction');
  });

  it('takes the channels a disclosure applies on, and rejects an unknown or empty list with the path', () => {
    const withNotice = (channels: unknown) => (d: Mini) => {
      step(d, 0).disclosures = [{ id: 'notice', title: 'Call recording notice', text: 'This call is recorded.', channels }];
    };
    const definition = valid() as Mini;
    withNotice(['phone'])(definition);
    const loaded = loadWorkflowDefinition('mini.v1.json', definition);
    expect(loaded.ok && loaded.definition.steps[0]?.disclosures[0]?.channels).toEqual(['phone']);
    const unknown = errorsOf(withNotice(['telegram']));
    expect(unknown[0]).toMatchObject({ file: 'mini.v1.json', path: '$.steps[0].disclosures[0].channels[0]' });
    expect(errorsOf(withNotice([]))[0]).toMatchObject({ path: '$.steps[0].disclosures[0].channels', message: 'list at least one channel, or leave channels out for every channel' });
  });

  it('rejects duplicate step ids, field ids, disclosure ids and option values', () => {
    const errors = errorsOf((d) => {
      step(d, 1).id = 'done';
      step(d, 2).fields = [{ id: 'kind', label: 'Kind again', type: 'text', required: false }];
      step(d, 1).disclosures = [{ id: 'notice', title: 'A', text: 'A.' }];
      step(d, 2).disclosures = [{ id: 'notice', title: 'B', text: 'B.' }];
      (step(d, 0).fields![0]!.options as { value: string }[])[1]!.value = 'fee';
    });
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['$.steps[2].id', '$.steps[2].fields[0].id', '$.steps[2].disclosures[0].id', '$.steps[0].fields[0].options[1].value']),
    );
    expect(errors.find((e) => e.path === '$.steps[2].id')?.message).toBe('duplicate step id "done" (first at $.steps[1])');
  });

  it('rejects a branch on an unknown field', () => {
    const errors = errorsOf((d) => {
      (step(d, 0).next as { branches: { when: { field: string } }[] }).branches[0]!.when.field = 'kindd';
    });
    expect(errors).toEqual([{ file: 'mini.v1.json', path: '$.steps[0].next.branches[0].when.field', message: 'branches on unknown field "kindd"' }]);
  });

  it('rejects a branch on a field that is only asked later', () => {
    const errors = errorsOf((d) => {
      step(d, 2).fields = [{ id: 'late', label: 'Late', type: 'yes_no', required: true }];
      (step(d, 0).next as { branches: unknown[] }).branches.push({ when: { field: 'late', equals: true }, goto: 'fee' });
    });
    expect(errors[0]).toMatchObject({ path: '$.steps[0].next.branches[1].when.field' });
    expect(errors[0]?.message).toContain('never comes before step "ask"');
  });

  it('rejects comparisons that cannot match the field', () => {
    const errors = errorsOf((d) => {
      (step(d, 0).next as { branches: unknown[] }).branches = [
        { when: { field: 'kind', equals: 'fees' }, goto: 'fee' },
        { when: { field: 'kind', gt: 3 }, goto: 'fee' },
        { when: { field: 'amount', gt: 10.5 }, goto: 'fee' },
        { when: { any: [{ field: 'amount', outsideWindow: 'refund_eligibility' }] }, goto: 'fee' },
      ];
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.steps[0].next.branches[0].when.equals',
      '$.steps[0].next.branches[1].when.gt',
      '$.steps[0].next.branches[2].when.gt',
      '$.steps[0].next.branches[3].when.any[0].outsideWindow',
    ]);
    expect(errors[0]?.message).toBe('"fees" is not an option of "kind" (fee, other)');
  });

  it('rejects a condition with two operators or none', () => {
    const errors = errorsOf((d) => {
      (step(d, 0).next as { branches: unknown[] }).branches = [{ when: { field: 'kind', equals: 'fee', in: ['other'] }, goto: 'fee' }];
    });
    expect(errors[0]?.path).toBe('$.steps[0].next.branches[0].when');
    expect(errors[0]?.message).toContain('exactly one of');
  });

  it('rejects a loop', () => {
    const errors = errorsOf((d) => {
      step(d, 1).next = 'ask';
    });
    expect(errors).toContainEqual({ file: 'mini.v1.json', path: '$.steps[1].next', message: 'step "fee" leads back to step "ask": a workflow may not loop' });
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const errors = errorsOf((d) => {
      const field = step(d, 0).fields![1]!;
      delete field.required;
      field.requried = true;
    });
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['$.steps[0].fields[1].required', '$.steps[0].fields[1]']));
    expect(errors.find((e) => e.path === '$.steps[0].fields[1]')?.message).toContain('requried');
  });

  it('reports the deepest error inside a branching next rather than "invalid input"', () => {
    const errors = errorsOf((d) => {
      step(d, 0).next = { branches: [{ when: { field: 'kind', equals: 'fee' }, goto: 'fee' }], default: 7 };
    });
    expect(errors).toEqual([expect.objectContaining({ path: '$.steps[0].next.default' })]);
  });

  it('rejects remediation and window fields of the wrong type', () => {
    const errors = errorsOf((d) => {
      step(d, 1).remediationOptions = [{ kind: 'refund', amountField: 'kind', window: { rule: 'refund_eligibility', field: 'amount' } }];
      step(d, 1).windowChecks = [{ rule: 'chargeback_initiation', field: 'missing' }];
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.steps[1].remediationOptions[0].amountField',
      '$.steps[1].remediationOptions[0].window.field',
      '$.steps[1].windowChecks[0].field',
    ]);
  });

  it('rejects a choice without options and options on a text field', () => {
    const errors = errorsOf((d) => {
      delete step(d, 0).fields![0]!.options;
      step(d, 0).fields![1]!.options = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }];
      (step(d, 0).next as { branches: unknown[] }).branches = [{ when: { field: 'amount', gt: 100 }, goto: 'fee' }];
    });
    expect(errors.map((e) => e.path)).toEqual(['$.steps[0].fields[0].options', '$.steps[0].fields[1].options']);
  });
});

describe('buildWorkflowRegistry', () => {
  it('loads good files, reports bad ones by file, and refuses the same version twice', () => {
    const broken = valid() as Mini;
    broken.start = 'nope';
    const { registry, errors } = buildWorkflowRegistry([
      { fileName: 'a.json', json: valid() },
      { fileName: 'b.json', json: broken },
      { fileName: 'c.json', json: valid() },
      { fileName: 'd.json', json: { ...valid(), version: 2 } },
    ]);
    expect([...registry.definitions.keys()]).toEqual(['mini@1', 'mini@2']);
    expect(registry.sources.get('mini@1')).toBe('a.json');
    expect(errors).toEqual([
      { file: 'b.json', path: '$.start', message: 'start step "nope" is not a step in this workflow' },
      { file: 'c.json', path: '$.version', message: 'mini version 1 is already defined in a.json' },
    ]);
  });
});

describe('formatJsonPath', () => {
  it('writes indexes in brackets and odd keys quoted', () => {
    expect(formatJsonPath(['steps', 2, 'fields', 0, 'type'])).toBe('$.steps[2].fields[0].type');
    expect(formatJsonPath(['grantLimitsCents', 'tier 1'])).toBe('$.grantLimitsCents["tier 1"]');
  });
});
