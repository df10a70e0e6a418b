import {UsageError} from '../../../core/errors.js'
import {loadCatalog} from '../../../core/catalog.js'

/**
 * Cisco release names: `10.5(2)SU5`, `11.5(1)SU2`, `12.0(1)`, `12.5(1)SU3`, `14`, `14SU3`, `15SU1`. From 14 on the
 * train is the major number alone (14.0(1) is written 14).
 */
export interface Release {
  major: number
  minor: number
  mr: number
  su: number
  /** The train: `11.5(1)`, `14`. */
  train: string
  /** The canonical name: `11.5(1)SU2`, `14SU3`. */
  name: string
}

interface TrainDef {
  train: string
  maxSu: number
}

export interface FeatureDef {
  id: string
  title: string
  minimums: string[]
  until?: string
  note?: string
}

interface ReleaseCatalog {
  trains: TrainDef[]
  features: FeatureDef[]
}

const PATTERN = /^(\d{1,2})(?:\.(\d)\((\d)\))?(?:\s*SU(\d{1,2})([a-z])?)?$/i

const FORMAT_HINT = 'Use a Cisco release name such as 11.5(1)SU8, 12.5(1)SU3, 14SU3 or 15SU1.'

function trainName(major: number, minor: number, mr: number): string {
  return major >= 14 ? String(major) : `${major}.${minor}(${mr})`
}

/** Parses a release name; malformed or unknown releases are bad input (exit 2). */
export function parseRelease(text: string): Release {
  const raw = text.trim()
  const m = PATTERN.exec(raw)
  if (!m) throw new UsageError(`"${text}" is not a release name.`, {code: 'BAD_RELEASE', fix: FORMAT_HINT})
  const major = Number(m[1])
  let minor = m[2] === undefined ? 0 : Number(m[2])
  let mr = m[3] === undefined ? 1 : Number(m[3])
  if (major >= 14 && m[2] !== undefined) {
    if (minor !== 0 || mr !== 1)
      throw new UsageError(`"${text}" is not a release name.`, {code: 'BAD_RELEASE', fix: FORMAT_HINT})
    minor = 0
    mr = 1
  }
  if (major < 14 && m[2] === undefined) {
    throw new UsageError(`"${text}" is not a release name: releases before 14 name their train, e.g. 12.5(1)SU3.`, {
      code: 'BAD_RELEASE',
      fix: FORMAT_HINT,
    })
  }
  const su = m[4] === undefined ? 0 : Number(m[4])
  if (m[4] !== undefined && su === 0)
    throw new UsageError(`"${text}" is not a release name (there is no SU0).`, {code: 'BAD_RELEASE', fix: FORMAT_HINT})
  const train = trainName(major, minor, mr)
  const def = trains().find((t) => t.train === train)
  if (!def) {
    throw new UsageError(`Unknown release train ${train} in "${text}".`, {
      code: 'UNKNOWN_RELEASE',
      fix: `Known trains: ${trains()
        .map((t) => t.train)
        .join(', ')}.`,
    })
  }
  if (su > def.maxSu) {
    throw new UsageError(`Unknown release ${text}: ${train} goes up to SU${def.maxSu}.`, {
      code: 'UNKNOWN_RELEASE',
      fix: FORMAT_HINT,
    })
  }
  return {major, minor, mr, su, train, name: su ? `${train}SU${su}` : train}
}

export function compareReleases(a: Release, b: Release): number {
  return a.major - b.major || a.minor - b.minor || a.mr - b.mr || a.su - b.su
}

export function atLeast(r: Release, min: string): boolean {
  return compareReleases(r, parseRelease(min)) >= 0
}

function trains(): TrainDef[] {
  return loadCatalog<ReleaseCatalog>('releases').trains
}

export function features(): FeatureDef[] {
  return loadCatalog<ReleaseCatalog>('releases').features
}

/** Every known release, oldest first (each train's base release and its SUs). */
export function knownReleases(): Release[] {
  const out: Release[] = []
  for (const t of trains()) {
    for (let su = 0; su <= t.maxSu; su++) out.push(parseRelease(su ? `${t.train}SU${su}` : t.train))
  }
  return out
}

/**
 * Whether a release supports a feature. Each minimum is the first supporting release of its train; a release is
 * covered by the greatest minimum at or below it when that minimum is on the same train or is the last listed
 * (so 12.0(1) is not covered by 11.5(1)SU8 when 12.5(1)SU3 is listed, but 15 is covered by 14).
 */
export function supports(release: Release, featureId: string): boolean {
  const f = features().find((x) => x.id === featureId)
  if (!f) throw new Error(`unknown feature ${featureId}`)
  if (f.until && atLeast(release, f.until)) return false
  const mins = f.minimums.map(parseRelease).sort(compareReleases)
  let covering = -1
  for (let i = 0; i < mins.length; i++) if (compareReleases(mins[i], release) <= 0) covering = i
  if (covering < 0) return false
  return mins[covering].train === release.train || covering === mins.length - 1
}

/** The lowest release(s) that support a feature, for messages: "11.5(1)SU8, 12.5(1)SU3 or 14". */
export function minimumText(featureId: string): string {
  const f = features().find((x) => x.id === featureId)
  if (!f) throw new Error(`unknown feature ${featureId}`)
  const m = f.minimums
  return m.length === 1 ? m[0] : `${m.slice(0, -1).join(', ')} or ${m.at(-1)}`
}

/** The platform build string that `show version active` prints, e.g. 12.5.1.13900-1 for 12.5(1)SU3. */
export function buildNumber(r: Release): string {
  const base = r.su ? 10_000 + r.su * 1000 + 900 : 10_000
  return `${r.major}.${r.minor}.${r.mr}.${base}-1`
}
