import * as z from 'zod/mini';
import { isCalendarDate } from '../domain/calendar';
import { opaqueId } from './schemas';

/* The routes that name a concert date, apart from schemas.ts: the date's check would otherwise be bundled into every function (bundle budget). */

export const calendarDate = z.string().check(z.refine(isCalendarDate, 'must be a real date as YYYY-MM-DD'));
export const concertDateParams = z.strictObject({ concertId: opaqueId, date: calendarDate });
