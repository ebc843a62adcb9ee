import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIntakeIdentifiers, maskPhoneForDisplay, parseScreenPopIntake } from '../../../src/shared/screenpop/intake';
import { findScreenPopLink, parseScreenPopLink } from '../../../src/shared/screenpop/popLink';

describe('parseScreenPopIntake', () => {
  it('accepts a contact with at least one identifier and a channel', () => {
    expect(parseScreenPopIntake({ ani: '+15551234567', channel: 'phone', contactId: 'call-1' })).toEqual({ ok: true, intake: { ani: '+15551234567', channel: 'phone', contactId: 'call-1' } });
    for (const identifiers of [{ accountNumber: '100000121234' }, { caseId: 'AC-7K4MP-9QX2H' }, { email: 'a@example.com' }]) {
      expect(parseScreenPopIntake({ ...identifiers, channel: 'chat' }).ok).toBe(true);
    }
  });

  it('names what is wrong', () => {
    const reason = (input: unknown) => {
      const parsed = parseScreenPopIntake(input);
      return parsed.ok ? 'accepted' : parsed.reason;
    };
    expect(reason({ channel: 'phone' })).toContain('at least one identifier');
    expect(reason({ ani: '5551234567', channel: 'phone' })).toContain('ani must be an E.164 number');
    expect(reason({ ani: '+15551234567', channel: 'fax' })).toContain('channel');
    expect(reason({ ani: '+15551234567' })).toContain('channel');
    expect(reason({ accountNumber: '1234', channel: 'phone' })).toContain('accountNumber');
    expect(reason({ ani: '+15551234567', channel: 'phone', dnis: '800' })).toContain('dnis');
    expect(reason({ ani: '+15551234567', channel: 'phone', contactId: 'has space' })).toContain('contactId');
    expect(reason([])).not.toBe('accepted');
    expect(reason(null)).not.toBe('accepted');
  });

  it('never accepts an intake without an identifier, whatever else it carries', () => {
    fc.assert(
      fc.property(fc.record({ channel: fc.constantFrom('phone', 'chat', 'email'), contactId: fc.option(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { nil: undefined }) }), (input) => {
        expect(parseScreenPopIntake(input).ok).toBe(false);
      }),
    );
  });

  it('describes identifiers without printing them whole', () => {
    const parsed = parseScreenPopIntake({ ani: '+15551234567', accountNumber: '100000121234', email: 'jane.doe@example.com', channel: 'phone' });
    if (!parsed.ok) throw new Error(parsed.reason);
    const text = describeIntakeIdentifiers(parsed.intake);
    expect(text).toBe('account ending 1234, caller ••• ••• 4567, e-mail j•••@example.com');
    expect(text).not.toContain('5551234567');
    expect(maskPhoneForDisplay('+15551234567')).toBe('••• ••• 4567');
  });
});

describe('parseScreenPopLink', () => {
  it('reads an agentconsole://pop link into the same intake', () => {
    expect(parseScreenPopLink('agentconsole://pop?ani=%2B15551234567&channel=phone&contactId=c-9')).toEqual({
      ok: true,
      intake: { ani: '+15551234567', channel: 'phone', contactId: 'c-9' },
    });
    expect(parseScreenPopLink('agentconsole://pop/?caseId=AC-7K4MP-9QX2H&channel=chat')).toEqual({ ok: true, intake: { caseId: 'AC-7K4MP-9QX2H', channel: 'chat' } });
  });

  it('defaults the channel to phone and reads an unencoded + back', () => {
    expect(parseScreenPopLink('agentconsole://pop?ani=+15551234567')).toEqual({ ok: true, intake: { ani: '+15551234567', channel: 'phone' } });
  });

  it('refuses other schemes, targets, unknown or repeated parameters, and bad values', () => {
    const reason = (link: string) => {
      const parsed = parseScreenPopLink(link);
      return parsed.ok ? 'accepted' : parsed.reason;
    };
    expect(reason('https://pop?ani=%2B15551234567')).toContain('agentconsole://pop');
    expect(reason('agentconsole://open?ani=%2B15551234567')).toContain('unknown link target');
    expect(reason('agentconsole://pop?ani=%2B15551234567&x=1')).toContain('unknown parameter "x"');
    expect(reason('agentconsole://pop?ani=%2B15551234567&ani=%2B15550000000')).toContain('given twice');
    expect(reason('agentconsole://pop?ani=12')).toContain('E.164');
    expect(reason('agentconsole://pop')).toContain('at least one identifier');
    expect(reason(`agentconsole://pop?email=${'a'.repeat(3000)}`)).toContain('longer than');
    expect(reason('not a link')).toBe('not a URL');
  });

  it('finds the link among command-line arguments', () => {
    expect(findScreenPopLink(['/opt/agent-console', '--no-sandbox', 'AgentConsole://pop?ani=%2B1555'])).toBe('AgentConsole://pop?ani=%2B1555');
    expect(findScreenPopLink(['/opt/agent-console'])).toBeNull();
  });

  it('accepts exactly what the CTI endpoint accepts (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,14}$/), fc.constantFrom('phone', 'chat', 'sms', 'walk_in'), (ani, channel) => {
        const link = parseScreenPopLink(`agentconsole://pop?ani=${encodeURIComponent(ani)}&channel=${channel}`);
        expect(link).toEqual(parseScreenPopIntake({ ani, channel }));
      }),
    );
  });
});
