// Prints the README's staffing table (the operating guide's 3,000 calls a month example):
//   npx tsx scripts/staffingExample.ts [callsPerMonth]
import { readFileSync } from 'node:fs';
import { parseCalendarFile } from '../src/shared/sla';
import { monthlyStaffingExample } from '../src/shared/staffing/workedExample';

function calendar(id: string) {
  const file = `resources/calendars/${id}.json`;
  const parsed = parseCalendarFile(file, JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const callsPerMonth = Number(process.argv[2] ?? 3000);
console.log('| open hours | day shape | AHT | agents per half-hour (Erlang C) | FTE on phones | scheduled FTE at 20 / 25 / 30 / 35 % shrinkage | occupancy | Erlang A FTE on phones (patience 120 s, ≤ 5 % abandon) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [calendarId, hours] of [['general-support', '07–22 daily'], ['business-weekdays', '08–20 Mon–Fri']] as const) {
  for (const profile of ['flat', 'bank'] as const) {
    for (const ahtSeconds of [360, 450, 540]) {
      const runs = [0.2, 0.25, 0.3, 0.35].map((shrinkage) =>
        monthlyStaffingExample({ calendar: calendar(calendarId), callsPerMonth, weekStart: '2026-03-09', ahtSeconds, maxAsaSeconds: 45, maxOccupancy: 0.8, shrinkage, profile, patienceSeconds: 120, maxAbandonment: 0.05 }),
      );
      const first = runs[0]!;
      const slots = Object.entries(first.erlangC.agentsPerSlot).map(([agents, count]) => `${agents}×${count}`).join(', ');
      console.log(`| ${hours} | ${profile} | ${ahtSeconds / 60} min | ${slots} | ${first.erlangC.fte.toFixed(2)} | ${runs.map((run) => run.erlangC.scheduledFte.toFixed(1)).join(' / ')} | ${(first.erlangCOccupancy * 100).toFixed(0)} % | ${first.erlangA.fte.toFixed(2)} |`);
    }
  }
}
