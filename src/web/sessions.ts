import {randomBytes, timingSafeEqual} from 'node:crypto'

/** Idle time after which a page session ends, on the simulated clock (Cisco Tomcat's default: 30 minutes). */
export const SESSION_IDLE_MS = 30 * 60_000
/** At most this many sessions are held; a new login past it ends the least recently used one. */
export const MAX_SESSIONS = 64
/** With tenants, MAX_SESSIONS is per tenant, and at most this many in all. */
export const MAX_ALL_SESSIONS = 10_000
export const COOKIE = 'JSESSIONID'

export interface WebSession {
  id: string
  account: string
  /** With tenants (serve https --tenants): the tenant whose lab the session works on. */
  tenant?: string
  cluster: string
  node: string
  /** The CSRF token every form of the session carries. */
  csrf: string
  /** Simulated time of the last request. */
  lastSeen: number
}

/** The page sessions of one server: in memory, bounded, ended by idle time, logout or a Tomcat restart. */
export class Sessions {
  private readonly byId = new Map<string, WebSession>()

  create(s: Omit<WebSession, 'id' | 'csrf'>): WebSession {
    // Tenants' sessions are bounded per tenant (each tenant's clock is its own), so one tenant never ends another's.
    const same = (x: WebSession) => x.tenant === s.tenant
    for (;;) {
      let count = 0
      let oldest: WebSession | undefined
      for (const x of this.byId.values()) {
        if (!same(x)) continue
        count++
        if (!oldest || x.lastSeen < oldest.lastSeen) oldest = x
      }
      if (count < MAX_SESSIONS || !oldest) break
      this.byId.delete(oldest.id)
    }
    // Past the bound of all sessions, the one least recently created goes (a Map keeps the order of insertion).
    while (this.byId.size >= MAX_ALL_SESSIONS) this.byId.delete(this.byId.keys().next().value!)
    const session = {...s, id: randomBytes(24).toString('base64url'), csrf: randomBytes(24).toString('base64url')}
    this.byId.set(session.id, session)
    return session
  }

  /** The live session of a cookie value for this node, or undefined (unknown, another node, timed out). */
  find(id: string | undefined, node: string, cluster: string, now: number, tenant?: string): WebSession | undefined {
    if (!id) return undefined
    const s = this.byId.get(id)
    if (!s) return undefined
    if (s.node !== node || s.cluster !== cluster || s.tenant !== tenant) return undefined
    if (now - s.lastSeen > SESSION_IDLE_MS) {
      this.byId.delete(id)
      return undefined
    }
    return s
  }

  /** The session of a cookie value as it is (not checked): with tenants, which account's lab to open first. */
  peek(id: string | undefined): WebSession | undefined {
    return id ? this.byId.get(id) : undefined
  }

  end(id: string): void {
    this.byId.delete(id)
  }

  get size(): number {
    return this.byId.size
  }
}

export function csrfOk(session: WebSession, sent: string | null | undefined): boolean {
  if (!sent) return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(sent)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieHeader(id: string): string {
  return `${COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Strict`
}

export function clearCookieHeader(): string {
  return `${COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`
}

export function cookieValue(header: string | undefined, name = COOKIE): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim()
  }
  return undefined
}
