/**
 * The manager saves the store's opening hours and each associate's week and specialties here
 * (online: stores and associates are the server's documents, and reach every tablet through
 * replication). Anything the rules refuse (src/domain/availability-rules.ts, the editor's own)
 * changes nothing and is answered with the first problem in a sentence.
 */
import type { AppointmentPurpose, AssociateDoc, StoreDoc, StoreHours, TimeRange, WeeklyHours } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import type { HoursProblem } from '../../src/domain/availability-rules'
import { hoursProblems, specialtyProblems, tidyHours, tidyWeek, WEEKDAYS, weekProblems } from '../../src/domain/availability-rules'
import { AppError } from '../../src/shared/errors'

const isRange = (r: unknown): r is TimeRange => !!r && typeof (r as TimeRange).from === 'string' && typeof (r as TimeRange).to === 'string'
const isRanges = (v: unknown): v is TimeRange[] => Array.isArray(v) && v.length <= 20 && v.every(isRange)

function readWeek(value: unknown): WeeklyHours {
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).some(k => !(WEEKDAYS as string[]).includes(k)) || !Object.values(value).every(isRanges))
    throw new AppError('invalid-request', 'Send the week as { mon: [{ from: "10:00", to: "19:00" }], … }, weekdays mon to sun.')
  return value as WeeklyHours
}

export function readHours(body: unknown): StoreHours {
  const hours = (body as { hours?: unknown } | null)?.hours as { weekly?: unknown, exceptions?: unknown } | undefined
  if (!hours || !Array.isArray(hours.exceptions) || hours.exceptions.length > 1000
    || !hours.exceptions.every(e => !!e && typeof (e as { day?: unknown }).day === 'string' && isRanges((e as { hours?: unknown }).hours)))
    throw new AppError('invalid-request', 'Send { hours: { weekly: {…}, exceptions: [{ day: "2026-12-24", hours: [...] }] } }.')
  return { weekly: readWeek(hours.weekly), exceptions: hours.exceptions as StoreHours['exceptions'] }
}

export function readAvailability(body: unknown): { specialties: AppointmentPurpose[], workingHours: WeeklyHours | null } {
  const b = (body ?? {}) as { specialties?: unknown, workingHours?: unknown }
  if (!Array.isArray(b.specialties) || b.specialties.length > 10 || !b.specialties.every(s => typeof s === 'string'))
    throw new AppError('invalid-request', 'Send { specialties: [...], workingHours: {…} or null }.')
  return { specialties: b.specialties as AppointmentPurpose[], workingHours: b.workingHours === null ? null : readWeek(b.workingHours) }
}

const SENTENCES: Record<HoursProblem['kind'], (where: string) => string> = {
  'bad-time': w => `${w}: a time is not HH:MM.`,
  'ends-before-start': w => `${w}: a range ends before it starts.`,
  'ranges-overlap': w => `${w}: two ranges overlap.`,
  'too-many-ranges': w => `${w}: at most four ranges a day.`,
  'bad-day': w => `${w} is not a calendar day.`,
  'same-day-twice': w => `${w} is listed twice.`,
  'too-many-exceptions': () => 'At most 366 days that differ.',
  'unknown-specialty': w => `${w} is not a kind of appointment.`,
}

function refuse(problems: HoursProblem[]): void {
  const first = problems[0]
  if (first)
    throw new AppError('invalid-hours', SENTENCES[first.kind](first.where), { problems })
}

export async function saveStoreHours(w: Writer, storeId: string, hours: StoreHours): Promise<StoreHours> {
  refuse(hoursProblems(hours))
  await w.lock([`stores:${storeId}`])
  const store = (await w.load('stores', [storeId])).get(storeId) as StoreDoc | undefined
  if (!store)
    throw new AppError('unknown-store', `Store ${storeId} does not exist.`)
  const tidy = tidyHours(hours)
  await w.write('stores', [{ ...store, hours: tidy, updatedAt: new Date().toISOString() } as unknown as AnyDoc])
  return tidy
}

export async function saveAssociateAvailability(w: Writer, storeId: string, associateId: string, input: { specialties: AppointmentPurpose[], workingHours: WeeklyHours | null }): Promise<Pick<AssociateDoc, 'id' | 'specialties' | 'workingHours'>> {
  refuse([...specialtyProblems(input.specialties), ...(input.workingHours ? weekProblems(input.workingHours) : [])])
  await w.lock([`associates:${associateId}`])
  const associate = (await w.load('associates', [associateId])).get(associateId) as AssociateDoc | undefined
  // Another store's associate is as unknown here as one that does not exist.
  if (!associate || associate.storeId !== storeId)
    throw new AppError('not-found', `There is no associate ${associateId} in this store.`)
  const next = { ...associate, specialties: [...new Set(input.specialties)], workingHours: input.workingHours ? tidyWeek(input.workingHours) : null, updatedAt: new Date().toISOString() }
  await w.write('associates', [next as unknown as AnyDoc])
  return { id: next.id, specialties: next.specialties, workingHours: next.workingHours }
}
