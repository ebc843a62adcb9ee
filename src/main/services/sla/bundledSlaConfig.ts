import alwaysCalendar from '../../../../resources/calendars/always.json' with { type: 'json' };
import businessWeekdaysCalendar from '../../../../resources/calendars/business-weekdays.json' with { type: 'json' };
import calendarDaysCalendar from '../../../../resources/calendars/calendar-days.json' with { type: 'json' };
import generalSupportCalendar from '../../../../resources/calendars/general-support.json' with { type: 'json' };
import slaPolicies from '../../../../resources/sla-policies.json' with { type: 'json' };
import shifts from '../../../../resources/shifts.json' with { type: 'json' };
import { buildSlaConfigDocument, type SlaConfigDocument } from '../../../shared/slaConfig/slaConfigDocument';

/**
 * The SLA configuration shipped with the desktop (resources/), compiled into main so it is
 * there with no file access: what a desktop runs on before it has ever reached the case
 * service. A calendar file added to resources/calendars must be listed here as well.
 */
export const bundledSlaConfigDocument: SlaConfigDocument = buildSlaConfigDocument({
  policies: slaPolicies,
  calendars: [alwaysCalendar, businessWeekdaysCalendar, calendarDaysCalendar, generalSupportCalendar],
  shifts,
});

/** The bundled shift file: used with a service document that carries no shifts. */
export const bundledShifts: unknown = shifts;
