/**
 * The calendar invite of an appointment, as RFC 5545 text for an iMIP (RFC 6047) e-mail part
 * `text/calendar; method=…`: METHOD:REQUEST for a booking and each reschedule (same UID,
 * SEQUENCE raised), METHOD:CANCEL when it is cancelled (iTIP, RFC 5546). Times are the
 * store's wall-clock times with its TZID, and the VTIMEZONE the TZID names is built from the
 * zone's actual offsets around the appointment (read through Intl): the year's transitions as
 * fixed observances, so a calendar shows 10:00 in Rome on either side of a DST change.
 *
 * Lines end in CRLF and are folded at 75 octets; TEXT values escape \ ; , and newlines.
 */

export type InviteMethod = 'REQUEST' | 'CANCEL'

export interface Invite {
  method: InviteMethod
  uid: string
  sequence: number
  /** instants, ISO */
  start: string
  end: string
  timeZone: string
  summary: string
  description: string
  location: string
  organizer: { name: string, email: string }
  attendee: { name: string, email: string }
  /** when this version of the invite was made (DTSTAMP) */
  stamp: string
}

const escapeText = (v: string) => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
const escapeParam = (v: string) => `"${v.replace(/"/g, '\'')}"`

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
  if (bytes(line) <= 75)
    return line
  const parts: string[] = []
  let current = ''
  for (const ch of line) {
    const limit = parts.length === 0 ? 75 : 74
    if (bytes(current) + bytes(ch) > limit) {
      parts.push(current)
      current = ''
    }
    current += ch
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const pad = (n: number) => String(n).padStart(2, '0')
const utcStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/** The zone's wall-clock time of an instant, as 'YYYYMMDDTHHMMSS'. */
function localStamp(instant: number, timeZone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(new Date(instant)).map(x => [x.type, Number(x.value)]))
  return `${p.year}${pad(p.month!)}${pad(p.day!)}T${pad(p.hour!)}${pad(p.minute!)}${pad(p.second!)}`
}

/** Minutes ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const s = localStamp(instant, timeZone)
  const wall = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)), Number(s.slice(9, 11)), Number(s.slice(11, 13)), Number(s.slice(13, 15)))
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000)
}

const formatOffset = (m: number) => `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60))}${pad(Math.abs(m) % 60)}`

/** The instants the zone's offset changed in [from, to), to the minute. */
function transitions(from: number, to: number, timeZone: string): number[] {
  const found: number[] = []
  const DAY = 86_400_000
  for (let t = from; t < to; t += DAY) {
    if (offsetAt(t, timeZone) === offsetAt(t + DAY, timeZone))
      continue
    let lo = t
    let hi = t + DAY
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
      if (offsetAt(mid, timeZone) === offsetAt(lo, timeZone))
        lo = mid
      else
        hi = mid
    }
    found.push(hi)
  }
  return found
}

/**
 * VTIMEZONE for the zone from the year before the appointment to the year after: the
 * observance in force on the day (last autumn's change, for a March appointment) is always in.
 */
export function vtimezone(timeZone: string, around: string): string[] {
  const year = new Date(around).getUTCFullYear()
  const from = Date.UTC(year - 1, 0, 1)
  const to = Date.UTC(year + 1, 11, 31)
  const changes = transitions(from, to, timeZone)
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`]
  if (!changes.length) {
    const offset = formatOffset(offsetAt(from, timeZone))
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD')
  }
  for (const at of changes) {
    const before = offsetAt(at - 60_000, timeZone)
    const after = offsetAt(at, timeZone)
    const kind = after > before ? 'DAYLIGHT' : 'STANDARD'
    // An observance's DTSTART is the wall-clock time it begins at, in the offset before it.
    const wall = utcStamp(new Date(at + before * 60_000).toISOString()).replace('Z', '')
    lines.push(`BEGIN:${kind}`, `DTSTART:${wall}`, `TZOFFSETFROM:${formatOffset(before)}`, `TZOFFSETTO:${formatOffset(after)}`, `END:${kind}`)
  }
  lines.push('END:VTIMEZONE')
  return lines
}

export function buildInvite(invite: Invite): string {
  const local = (iso: string) => localStamp(Date.parse(iso), invite.timeZone)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Clienteling//Appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${invite.method}`,
    ...vtimezone(invite.timeZone, invite.start),
    'BEGIN:VEVENT',
    `UID:${invite.uid}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${utcStamp(invite.stamp)}`,
    `DTSTART;TZID=${invite.timeZone}:${local(invite.start)}`,
    `DTEND;TZID=${invite.timeZone}:${local(invite.end)}`,
    `SUMMARY:${escapeText(invite.summary)}`,
    `DESCRIPTION:${escapeText(invite.description)}`,
    `LOCATION:${escapeText(invite.location)}`,
    `ORGANIZER;CN=${escapeParam(invite.organizer.name)}:mailto:${invite.organizer.email}`,
    `ATTENDEE;CN=${escapeParam(invite.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${invite.attendee.email}`,
    `STATUS:${invite.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
